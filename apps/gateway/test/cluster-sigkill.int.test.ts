import { type Cluster, startCluster } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCaughtUp, byUpstream, lastAcked, openClients, sleep } from "./helpers/cluster-fixture.js";
import { continuity } from "./helpers/continuity.js";
import { startRatePublisher } from "./helpers/rate-publisher.js";
import type { StreamClient } from "./helpers/stream-client.js";

/**
 * architecture §1: "a replica can die and its clients resume on another one without losing events
 * inside the replay window". 200 clients stream custom.cluster through nginx; the replica with
 * the most of them is SIGKILLed; each of its clients (@wirewatch/client) reconnects through nginx
 * (which skips the dead replica), resubscribes with `since`, and gets what it missed replayed:
 * no gap, reported or not.
 */
let cluster: Cluster;
let clients: StreamClient[] = [];

beforeAll(async () => {
  cluster = await startCluster({ replicas: 3, collectors: 1 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

describe("cluster: SIGKILL of a replica", () => {
  it("every client of the killed replica resumes on another one; seqs stay contiguous", async () => {
    const channel = "custom.cluster";
    clients = await openClients(200, { url: cluster.nginxUrl, token: cluster.token, channels: [channel] });
    const publisher = await startRatePublisher({
      redisUrl: cluster.redis.url,
      keyPrefix: cluster.keyPrefix,
      historyMaxLen: cluster.historyMaxLen,
      channel,
      perSecond: 50,
    });
    await sleep(1500);

    const groups = byUpstream(clients);
    expect([...groups.keys()].sort()).toEqual(cluster.replicas.map((r) => r.address).sort());
    const victim = cluster.replicas.reduce((most, r) =>
      (groups.get(r.address)?.length ?? 0) > (groups.get(most.address)?.length ?? 0) ? r : most,
    );
    const affected = groups.get(victim.address) ?? [];
    const status = await victim.kill("SIGKILL");
    expect(status.signal).toBe("SIGKILL");

    await Promise.all(affected.map((c) => c.waitFor(() => c.resumed(), 20_000, "a resumed stream")));
    await sleep(1500);
    await publisher.close();
    const last = lastAcked(publisher.log);
    await allCaughtUp(clients, channel, last);

    expect(affected.length).toBeGreaterThan(0);
    for (const c of affected) {
      expect(c.upstream).toBeDefined();
      expect(c.upstream).not.toBe(victim.address);
    }
    for (const c of clients.filter((c) => !affected.includes(c))) expect(c.connections).toBe(1);
    for (const c of clients) {
      const report = continuity(c.frames, channel);
      expect(report.gaps).toEqual([]);
      expect(report.regressions).toBe(0);
      expect(report.last).toEqual(last);
      expect(c.frames.filter((f) => f.type === "gap")).toEqual([]);
      expect(c.errors.filter((e) => e.startsWith("client:"))).toEqual([]);
    }
    const replayed = affected.reduce((sum, c) => sum + continuity(c.frames, channel).replayed, 0);
    expect(replayed).toBeGreaterThan(0);
    expect(cluster.unexpectedExits()).toEqual([]);
  });
});
