import { type Cluster, startCluster } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCaughtUp, byUpstream, lastAcked, openClients, sleep } from "./helpers/cluster-fixture.js";
import { continuity } from "./helpers/continuity.js";
import { startRatePublisher } from "./helpers/rate-publisher.js";
import type { StreamClient } from "./helpers/stream-client.js";

/**
 * architecture §8 SIGTERM on a replica behind nginx: its clients get close 1001 with a reconnect hint,
 * reconnect through nginx to the other replicas after the hinted delay, resume without a gap,
 * and no client sees a single error; the replica exits 0 well within its grace period.
 */
const GRACE_MS = 10_000;
let cluster: Cluster;
let clients: StreamClient[] = [];

beforeAll(async () => {
  cluster = await startCluster({ replicas: 3, collectors: 1, graceMs: GRACE_MS });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

describe("cluster: SIGTERM of a replica", () => {
  it("closes its clients with 1001; they move to the other replicas with zero errors", async () => {
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

    const victim = cluster.replicas[0]!;
    const affected = byUpstream(clients).get(victim.address) ?? [];
    const started = Date.now();
    const status = await victim.kill("SIGTERM");
    const tookMs = Date.now() - started;
    console.info(`SIGTERM: replica exited after ${tookMs} ms`);
    expect(status).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(GRACE_MS);

    await Promise.all(affected.map((c) => c.waitFor(() => c.resumed(), 20_000, "a resumed stream")));
    await sleep(1000);
    await publisher.close();
    const last = lastAcked(publisher.log);
    await allCaughtUp(clients, channel, last);

    expect(affected.length).toBeGreaterThan(0);
    for (const c of affected) {
      expect(c.closes).toHaveLength(1);
      expect(c.closes[0]!.code).toBe(1001);
      expect(JSON.parse(c.closes[0]!.reason)).toMatchObject({ reconnect: true });
      expect(c.upstream).toBeDefined();
      expect(c.upstream).not.toBe(victim.address);
    }
    for (const c of clients) {
      expect(c.errors).toEqual([]);
      expect(c.frames.filter((f) => f.type === "gap")).toEqual([]);
      const report = continuity(c.frames, channel);
      expect(report.gaps).toEqual([]);
      expect(report.regressions).toBe(0);
      expect(report.last).toEqual(last);
    }
    for (const c of clients.filter((c) => !affected.includes(c))) expect(c.closes).toEqual([]);
    expect(cluster.unexpectedExits()).toEqual([]);
  });
});
