import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { DraftEvent } from "@wirewatch/protocol";
import { type RedisServer, startRedis, waitFor } from "@wirewatch/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAlertEngine } from "../src/engine.js";
import { createRedisStateStore, redisStateKeys } from "../src/redis-state-store.js";
import { resolveRules } from "../src/resolve-rules.js";
import { createRecordingPublisher } from "./helpers/recording-publisher.js";
import { stats } from "./helpers/samples.js";

/**
 * State survives restarts, against a real redis-server started for this file: a collector
 * process (test/fixtures/collector-process.mjs, on the build) fires an alert, is killed with
 * SIGKILL, and a new one neither fires it again nor loses its recovery.
 */
const FIXTURE = fileURLToPath(new URL("./fixtures/collector-process.mjs", import.meta.url));
const KEYS = redisStateKeys("ww:", "nas1");

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  await redis.cli(["flushall"]);
});

interface CollectorProcess {
  child: ChildProcess;
  events: DraftEvent[];
  sample(cpu: number): Promise<void>;
  kill(): Promise<void>;
}

const running: CollectorProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill();
});

async function startCollector(): Promise<CollectorProcess> {
  const child = spawn(process.execPath, [FIXTURE, redis.url], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: Record<string, unknown>[] = [];
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
      lines.push(JSON.parse(buffer.slice(0, at)));
      buffer = buffer.slice(at + 1);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitFor(() => lines.some((l) => l.ready), {
    timeoutMs: 20_000,
    description: "the collector to load its state",
  });
  let n = 0;
  const proc: CollectorProcess = {
    child,
    get events() {
      return lines.filter((l) => l.event).map((l) => l.event as DraftEvent);
    },
    async sample(cpu) {
      const id = ++n;
      child.stdin?.write(
        `${JSON.stringify({ n: id, sample: { channel: "system.stats", host: "nas1", data: stats(cpu) } })}\n`,
      );
      await waitFor(() => lines.some((l) => l.flushed === id), {
        description: `sample ${id} to be evaluated`,
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  running.push(proc);
  return proc;
}

const alertsOf = (p: CollectorProcess) =>
  p.events.filter((e) => e.channel === "resource.alert").map((e) => e.data as Record<string, unknown>);

describe("alert state in Redis across a collector restart", () => {
  it("firing state survives a SIGKILL: no duplicate alert, and the recovery arrives after the restart", async () => {
    const first = await startCollector();
    await first.sample(93.1);
    await first.sample(93.5);
    expect(alertsOf(first).map((a) => [a.state, a.message])).toEqual([
      ["firing", "CPU usage warning: 93.1% (threshold: 90.0%)"],
    ]);
    const alertId = alertsOf(first)[0]?.alert_id;
    expect(await redis.cli(["hlen", KEYS.state])).toBe("1");
    await first.kill();

    const second = await startCollector();
    await second.sample(94);
    await second.sample(92);
    expect(alertsOf(second)).toEqual([]);
    await second.sample(41);
    await second.sample(40);
    expect(alertsOf(second)).toEqual([
      expect.objectContaining({
        state: "resolved",
        level: "ok",
        alert_id: alertId,
        message: expect.stringMatching(
          /^CPU usage recovered: 41\.0% \(threshold: 90\.0%\), firing for \d+s$/,
        ),
      }),
    ]);
    expect(await redis.cli(["hlen", KEYS.state])).toBe("0");
    const logs = second.events
      .filter((e) => e.channel === "log")
      .map((e) => (e.data as { transition?: string }).transition);
    expect(logs).toEqual(["resolved"]);
  });

  it("a recovery that happened while the process was down is announced from the first fresh sample", async () => {
    const first = await startCollector();
    await first.sample(99);
    await first.kill();
    const second = await startCollector();
    await second.sample(10);
    expect(alertsOf(second).map((a) => [a.state, a.severity])).toEqual([["resolved", "critical"]]);
  });
});

describe("the Redis store in process", () => {
  it("keeps silences and acknowledgements for the next engine", async () => {
    const rules = resolveRules({ rules: [{ name: "cpu", forMs: 0 }] });
    const make = () =>
      createAlertEngine({
        rules,
        store: createRedisStateStore({ redisUrl: redis.url, scope: "nas1" }),
        publisher: createRecordingPublisher(),
        host: "nas1",
      });
    const first = make();
    await first.start();
    first.observe({ channel: "system.stats", host: "nas1", data: stats(93) });
    await first.flush();
    const [alert] = first.list().alerts;
    await first.ack(alert?.alert_id ?? "", "admin");
    const silence = await first.silence({ host: "nas1", durationMs: 60_000, reason: "upgrade", by: "admin" });
    await first.close();
    const second = make();
    await second.start();
    expect(second.list()).toEqual({
      alerts: [
        expect.objectContaining({
          alert_id: alert?.alert_id,
          acknowledged_by: "admin",
          silenced_by: [silence.silence_id],
        }),
      ],
      silences: [silence],
    });
    await second.close();
  });

  it("writes that fail while Redis is down are retried once it is back", async () => {
    const rules = resolveRules({
      defaults: false,
      rules: [{ name: "cpu", channel: "system.stats", field: "cpu_percent", op: ">", warning: 90 }],
    });
    const publisher = createRecordingPublisher();
    const engine = createAlertEngine({
      rules,
      store: createRedisStateStore({ redisUrl: redis.url, scope: "nas1", reconnectMaxDelayMs: 100 }),
      publisher,
      host: "nas1",
      retryDelayMs: 100,
    });
    await engine.start();
    await redis.stop();
    engine.observe({ channel: "system.stats", host: "nas1", data: stats(95) });
    await engine.flush();
    expect(publisher.alerts()).toHaveLength(1);
    await redis.start();
    await waitFor(async () => (await redis.cli(["hlen", KEYS.state])) === "1", {
      timeoutMs: 15_000,
      description: "the alert to be saved",
    });
    await engine.close();
  });
});
