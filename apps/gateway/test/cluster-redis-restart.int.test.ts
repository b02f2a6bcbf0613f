import { type Cluster, startCluster, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCaughtUp, lastAcked, openClients, sleep } from "./helpers/cluster-fixture.js";
import { continuity } from "./helpers/continuity.js";
import { startRatePublisher } from "./helpers/rate-publisher.js";
import type { StreamClient } from "./helpers/stream-client.js";

/**
 * architecture §7 bus faults, end to end: Redis (no persistence) restarted 5 times while a test
 * publisher streams custom.cluster at 2000 events/s to clients behind nginx. Gateways and the
 * collector stay up without an unhandled rejection; clients stay connected and receive again
 * within 2 s of Redis answering; inside an epoch no event is lost or duplicated, and the only
 * gaps are epoch changes — Redis's history was lost with it — which @wirewatch/client reports
 * (`gap`, recovered false), the new epoch delivered from its seq 1. The replay window
 * (`bus.historyMaxLen`) is 10 000 events: 5 s at this rate.
 */
const RATE = 2000;
const RESTARTS = 5;
const CLIENTS = 12;
let cluster: Cluster;
let clients: StreamClient[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  cluster = await startCluster({ replicas: 3, collectors: 1, historyMaxLen: 10_000 });
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

describe("cluster: Redis restarts under a 2k events/s stream", () => {
  it("keeps every process up and every client streaming; gaps only where Redis lost history", async () => {
    const channel = "custom.cluster";
    clients = await openClients(CLIENTS, {
      url: cluster.nginxUrl,
      token: cluster.token,
      channels: [channel],
    });
    const [observer] = await openClients(1, {
      url: cluster.nginxUrl,
      token: cluster.token,
      channels: ["system.stats"],
    });
    clients.push(observer!);
    const streamers = clients.slice(0, CLIENTS);
    const publisher = await startRatePublisher({
      redisUrl: cluster.redis.url,
      keyPrefix: cluster.keyPrefix,
      historyMaxLen: cluster.historyMaxLen,
      channel,
      perSecond: RATE,
    });
    await sleep(1500);

    const restarts: { stoppedAt: number; readyAt: number }[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const stoppedAt = Date.now();
      await cluster.redis.restart();
      restarts.push({ stoppedAt, readyAt: Date.now() });
      await sleep(2500);
    }
    await publisher.stop();
    const last = lastAcked(publisher.log);
    await allCaughtUp(streamers, channel, last);
    await publisher.close();

    // Every process stayed up, and is ready again.
    expect(cluster.unexpectedExits()).toEqual([]);
    for (const app of [...cluster.replicas, ...cluster.collectors]) {
      expect(app.running()).toBe(true);
      await waitFor(() => app.ready(), { timeoutMs: 5000, description: `${app.name} ready` });
      expect(app.output()).not.toContain("WW_UNHANDLED");
    }
    expect(unhandled).toEqual([]);
    // The collector publishes again after the last restart.
    const afterLast = restarts.at(-1)!.readyAt;
    await observer!.waitFor(
      () => observer!.events("system.stats").some((f) => f.at > afterLast),
      10_000,
      "a sample",
    );

    const published = new Map(publisher.log.acked.map((a) => [`${a.epoch}:${a.seq}`, a.n]));
    const epochsAfterRestart = new Set(
      publisher.log.acked.filter((a) => a.at > restarts[0]!.stoppedAt).map((a) => a.epoch),
    );
    const delays: number[] = [];
    for (const c of streamers) {
      expect(c.connections).toBe(1);
      expect(c.errors).toEqual([]);
      const report = continuity(c.frames, channel);
      expect(report.regressions).toBe(0);
      expect(report.duplicates).toBe(0);
      expect(report.last).toEqual(last);
      for (const gap of report.gaps) {
        // Every gap is reported (recovered: false) and is an epoch change a restart caused; the
        // new epoch arrives from its seq 1.
        expect(gap).toMatchObject({ kind: "epoch", reported: true, next: { seq: 1 } });
        expect(epochsAfterRestart.has(gap.next.epoch)).toBe(true);
      }
      expect(c.frames.filter((f) => f.type === "gap").every((g) => g.reason === "epoch_change")).toBe(true);
      expect(report.gaps.length).toBeLessThanOrEqual(RESTARTS);
      // No duplicate after seq de-duplication: each published payload once.
      const events = c.events(channel);
      const unique = new Map(events.map((f) => [`${f.epoch}:${f.seq}`, (f.data as { n: number }).n]));
      expect(new Set(unique.values()).size).toBe(unique.size);
      const mismatched = [...unique].filter(([k, n]) => published.has(k) && published.get(k) !== n);
      expect(mismatched).toEqual([]);
      // Receives again within 2 s of Redis being ready.
      for (const { stoppedAt, readyAt } of restarts) {
        const before = new Set(events.filter((f) => f.at < stoppedAt).map((f) => f.epoch));
        const firstNew = events.find((f) => f.at >= stoppedAt && !before.has(f.epoch!));
        expect(firstNew).toBeDefined();
        delays.push(Math.max(0, firstNew!.at - readyAt));
      }
    }
    const perRestart = restarts.map(({ stoppedAt, readyAt }, i) => ({
      downMs: readyAt - stoppedAt,
      publisherBackMs: (publisher.log.acked.find((a) => a.at > readyAt)?.at ?? Number.NaN) - readyAt,
      clientsBackMs: Math.max(...delays.filter((_, j) => j % RESTARTS === i)),
    }));
    console.info(
      `redis restarts: ${JSON.stringify({
        published: publisher.log.acked.length,
        failures: Object.fromEntries(publisher.log.failures),
        epochs: new Set(publisher.log.acked.map((a) => a.epoch)).size,
        perRestart,
      })}`,
    );
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
  });
});
