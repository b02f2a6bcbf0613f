import { hostname } from "node:os";
import { type Cluster, startCluster } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCaughtUp, lastAcked, sleep } from "./helpers/cluster-fixture.js";
import { continuity } from "./helpers/continuity.js";
import { startRatePublisher } from "./helpers/rate-publisher.js";
import { StreamClient } from "./helpers/stream-client.js";

/**
 * architecture §1 scaled out, on the loopback cluster (Redis, 3 gateway replicas, 2 collectors, nginx):
 * clients on different replicas see the same events under the same seqs — the collector apps'
 * host samples and a test publisher's custom.cluster stream.
 */
let cluster: Cluster;
const clients: StreamClient[] = [];

beforeAll(async () => {
  cluster = await startCluster({ replicas: 3, collectors: 2 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

const key = (f: { epoch?: string; seq?: number; data?: unknown }) => JSON.stringify([f.epoch, f.seq, f.data]);

describe("cluster: replicas", () => {
  it("two clients on two different replicas receive the same events with the same seqs", async () => {
    const [r1, r2] = cluster.replicas;
    const channels = ["system.stats", "custom.cluster"];
    const a = new StreamClient({ url: r1!.url, token: cluster.token, channels });
    const b = new StreamClient({ url: r2!.url, token: cluster.token, channels });
    clients.push(a, b);
    await Promise.all([a.start(), b.start()]);

    const publisher = await startRatePublisher({
      redisUrl: cluster.redis.url,
      keyPrefix: cluster.keyPrefix,
      historyMaxLen: cluster.historyMaxLen,
      channel: "custom.cluster",
      perSecond: 100,
    });
    await sleep(2500);
    await publisher.close();
    const last = lastAcked(publisher.log);
    await allCaughtUp([a, b], "custom.cluster", last);

    // custom.cluster: every published event, in order, on both replicas.
    const published = publisher.log.acked.map((p) => JSON.stringify([p.epoch, p.seq, { n: p.n }])).sort();
    for (const c of [a, b]) {
      const report = continuity(c.frames, "custom.cluster");
      expect(report.gaps).toEqual([]);
      expect(report.duplicates).toBe(0);
      expect(report.last).toEqual(last);
      const got = c.events("custom.cluster").map(key);
      expect([...got].sort()).toEqual(published);
    }
    expect(a.events("custom.cluster").map(key)).toEqual(b.events("custom.cluster").map(key));

    // system.stats from the collector app: the same samples under the same seqs.
    await a.waitFor(
      () => a.events("system.stats").length >= 3 && b.events("system.stats").length >= 3,
      15_000,
      "samples",
    );
    const statsA = a.events("system.stats");
    const statsB = b.events("system.stats");
    const from = Math.max(statsA[0]!.seq!, statsB[0]!.seq!);
    const to = Math.min(statsA.at(-1)!.seq!, statsB.at(-1)!.seq!);
    const inRange = (f: { seq?: number }) => f.seq! >= from && f.seq! <= to;
    expect(to).toBeGreaterThan(from);
    expect(statsA.filter(inRange).map(key)).toEqual(statsB.filter(inRange).map(key));

    expect(a.upstreams).toEqual([undefined]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    expect(cluster.unexpectedExits()).toEqual([]);
  });

  it("nginx spreads connections round robin over the replicas", async () => {
    const spread = Array.from(
      { length: 6 },
      () => new StreamClient({ url: cluster.nginxUrl, token: cluster.token, channels: ["custom.cluster"] }),
    );
    clients.push(...spread);
    for (const c of spread) await c.start();
    const counts = new Map<string, number>();
    for (const c of spread) counts.set(c.upstream ?? "none", (counts.get(c.upstream ?? "none") ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(cluster.replicas.map((r) => r.address).sort());
    expect([...counts.values()]).toEqual([2, 2, 2]);
  });

  it("runs several collectors side by side: one system.stats stream, one seq order, every host", async () => {
    const observer = new StreamClient({
      url: cluster.nginxUrl,
      token: cluster.token,
      channels: ["system.stats"],
    });
    clients.push(observer);
    await observer.start();
    const hosts = [hostname(), `${hostname()}-2`];
    await observer.waitFor(
      () => hosts.every((h) => observer.events("system.stats").filter((f) => f.host === h).length >= 2),
      15_000,
      "samples of both hosts",
    );
    const seqs = observer.events("system.stats").map((f) => f.seq!);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(cluster.collectors.map((c) => c.name)).toEqual(["collector-1", "collector-2"]);
  });
});
