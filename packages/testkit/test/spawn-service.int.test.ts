import { describe, expect, it } from "vitest";
import { spawnService } from "../src/index.js";

describe("spawnService", () => {
  it("reports a missing command with the install hint", async () => {
    await expect(
      spawnService({
        name: "fake-server",
        command: "wirewatch-no-such-binary",
        args: [],
        installHint: "install Debian's fake-server",
        isReady: async () => true,
      }),
    ).rejects.toThrow(
      "fake-server: command 'wirewatch-no-such-binary' not found on PATH: install Debian's fake-server",
    );
  });

  it("fails at once, with the output, when the process exits before it is ready", async () => {
    const started = Date.now();
    await expect(
      spawnService({
        name: "crasher",
        command: process.execPath,
        args: ["-e", "console.error('boom: bad config'); process.exit(3)"],
        isReady: async () => false,
        readyTimeoutMs: 30_000,
      }),
    ).rejects.toThrow(/crasher did not start \(exited with code 3\)[\s\S]*boom: bad config/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("kills a process that is not ready in time", async () => {
    let pid = 0;
    await expect(
      spawnService({
        name: "sleeper",
        command: process.execPath,
        args: ["-e", "console.log(process.pid); setInterval(() => {}, 1000)"],
        isReady: async () => false,
        readyTimeoutMs: 300,
      }).catch((error: Error) => {
        pid = Number(/Output:\n(\d+)/.exec(error.message)?.[1]);
        throw error;
      }),
    ).rejects.toThrow(/sleeper did not start \(timed out/);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("stops a ready service and reports it exited", async () => {
    const service = await spawnService({
      name: "idler",
      command: process.execPath,
      args: ["-e", "setInterval(() => {}, 1000)"],
      isReady: async () => true,
    });
    expect(service.exited()).toBe(false);
    await service.stop();
    expect(service.exited()).toBe(true);
    expect(() => process.kill(service.pid, 0)).toThrow();
  });
});
