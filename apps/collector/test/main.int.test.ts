import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, startRedis, waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const baseEnv = () => ({
  PATH: process.env.PATH ?? "",
  HOME: "/nonexistent",
  WIREWATCH_LOG__PRETTY: "false",
});

describe("wirewatch-collector main", () => {
  it("refuses the in-memory bus with a clear message, exit 1", () => {
    const r = spawnSync(process.execPath, [MAIN], { env: baseEnv(), encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wirewatch-collector: invalid configuration:");
    expect(r.stderr).toMatch(/bus\.redis\.url: .*WIREWATCH_REDIS_URL/);
  });

  it("publishes to Redis, serves /readyz on admin.port, and exits 0 on SIGTERM", async () => {
    const redis = await startRedis();
    const adminPort = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...baseEnv(),
        WIREWATCH_REDIS_URL: redis.url,
        WIREWATCH_ADMIN__HOST: "127.0.0.1",
        WIREWATCH_ADMIN__PORT: String(adminPort),
        WIREWATCH_COLLECTOR__HOSTNAME: "collector-test",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status === 200, {
        timeoutMs: 20_000,
      });
      await waitFor(async () => (await redis.cli(["HGET", "ww:{system.stats}:meta", "seq"])) !== "", {
        timeoutMs: 15_000,
      });
      expect(output).toContain('"msg":"collector started"');
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"shutdown complete"');
    } finally {
      child.kill("SIGKILL");
      await redis.stop();
    }
  });
});
