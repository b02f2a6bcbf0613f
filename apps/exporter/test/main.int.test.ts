import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRedisBus, waitForReady } from "@wirewatch/bus";
import { freePort, spawnService, startRedis, waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";

/**
 * The built main as a process: config problems exit 1 naming the field; on a real Redis it
 * serves what the bus package publishes as node_exporter series on /metrics (and ?target=),
 * and SIGTERM ends it with 0.
 */
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const baseEnv = () => ({
  PATH: process.env.PATH ?? "",
  HOME: "/nonexistent",
  WIREWATCH_LOG__PRETTY: "false",
});
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [MAIN], { env: { ...baseEnv(), ...env }, encoding: "utf8", timeout: 20_000 });

/** A system.stats payload as the host input publishes it (the parts the exporter reads). */
const stats = (userSeconds: number) => ({
  load_average: [0.5, 0.25, 0.125],
  boot_time: 1_795_403_716,
  uname: { sysname: "Linux", release: "6.1.0-test", machine: "x86_64", nodename: "exp-host" },
  counters: {
    cpu: [
      {
        cpu: "0",
        user: userSeconds,
        nice: 0,
        system: 10,
        idle: 1000,
        iowait: 1,
        irq: 0,
        softirq: 0,
        steal: 0,
      },
    ],
    meminfo: { MemTotal_bytes: 8_000_000_000, MemAvailable_bytes: 6_000_000_000 },
  },
});

describe("wirewatch-exporter main", () => {
  it("refuses the in-memory bus with a clear message naming bus.redis.url, exit 1", () => {
    const r = run({});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wirewatch-exporter: invalid configuration:");
    expect(r.stderr).toMatch(/bus\.redis\.url: .*WIREWATCH_REDIS_URL/);
  });

  it("names an invalid option's path, exit 1", () => {
    const r = run({ WIREWATCH_REDIS_URL: "redis://127.0.0.1:6379", WIREWATCH_ADMIN__PORT: "99999" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wirewatch-exporter: invalid configuration:");
    expect(r.stderr).toMatch(/admin\.port/);
    expect(r.stderr).not.toMatch(/bus\.redis\.url/);
  });

  it("serves system.stats from Redis on /metrics and ?target=, and exits 0 on SIGTERM", async () => {
    const redis = await startRedis();
    const adminPort = await freePort();
    const admin = `http://127.0.0.1:${adminPort}`;
    const app = await spawnService({
      name: "wirewatch-exporter",
      command: process.execPath,
      args: [MAIN],
      env: {
        ...baseEnv(),
        WIREWATCH_REDIS_URL: redis.url,
        WIREWATCH_ADMIN__HOST: "127.0.0.1",
        WIREWATCH_ADMIN__PORT: String(adminPort),
      },
      isReady: async () => (await fetch(`${admin}/readyz`).catch(() => undefined))?.status === 200,
      readyTimeoutMs: 20_000,
    });
    const bus = createRedisBus({ redisUrl: redis.url });
    try {
      expect((await fetch(`${admin}/livez`)).status).toBe(200);
      await waitForReady(bus, 10_000);
      await bus.publish({ channel: "system.stats", host: "exp-host", data: stats(100) });

      const text = await waitFor(
        async () => {
          const body = await (await fetch(`${admin}/metrics`)).text();
          return body.includes('node_load1{instance="exp-host"}') ? body : undefined;
        },
        { timeoutMs: 10_000, description: "node_load1 of exp-host on /metrics" },
      );
      expect(text).toContain('node_load1{instance="exp-host"} 0.5');
      expect(text).toContain('node_load15{instance="exp-host"} 0.125');
      expect(text).toContain('node_cpu_seconds_total{instance="exp-host",cpu="0",mode="user"} 100');
      expect(text).toMatch(/^node_uname_info\{instance="exp-host",.*release="6\.1\.0-test".*\} 1$/m);
      expect(text).toContain('node_memory_MemTotal_bytes{instance="exp-host"} 8000000000');
      expect(text).toMatch(/^wirewatch_component_up\{.*component="exporter".*\} 1$/m);

      await bus.publish({ channel: "system.stats", host: "exp-host", data: stats(250) });
      const one = await waitFor(
        async () => {
          const body = await (await fetch(`${admin}/metrics?target=exp-host`)).text();
          return body.includes('node_cpu_seconds_total{cpu="0",mode="user"} 250') ? body : undefined;
        },
        { timeoutMs: 10_000, description: "the second sample on ?target=exp-host" },
      );
      expect(one).toContain("node_load1 0.5\n");
      expect(one).not.toContain("instance=");
      expect(one).not.toContain("wirewatch_");
      expect(await (await fetch(`${admin}/metrics?target=other-host`)).text()).toBe("");

      await app.stop({ signal: "SIGTERM" });
      expect(app.exitStatus()).toEqual({ code: 0, signal: null });
      expect(app.output()).toContain('"msg":"exporter started"');
      expect(app.output()).toContain('"msg":"shutdown complete"');
    } finally {
      await app.stop({ signal: "SIGKILL" });
      await bus.close();
      await redis.stop();
    }
  });
});
