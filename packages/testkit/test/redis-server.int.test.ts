import { describe, expect, it } from "vitest";
import { freePort, pingRedis, startRedis } from "../src/index.js";

describe("startRedis", () => {
  it("runs a private, non-persistent server on a loopback port", async () => {
    const server = await startRedis();
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(server.port).not.toBe(6379);
      expect(await server.cli(["ping"])).toBe("PONG");
      expect(await server.cli(["config", "get", "bind"])).toBe("bind\n127.0.0.1");
      expect(await server.cli(["config", "get", "appendonly"])).toBe("appendonly\nno");
      await server.cli(["set", "k", "v"]);
      await server.restart();
      expect(server.running()).toBe(true);
      expect(await server.cli(["exists", "k"])).toBe("0");
      await server.stop();
      expect(server.running()).toBe(false);
      expect(await pingRedis(server.port)).toBe(false);
      await server.start();
      expect(await pingRedis(server.port)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it("gives two servers two ports and honours an explicit one", async () => {
    const port = await freePort();
    const [one, two] = await Promise.all([startRedis({ port }), startRedis()]);
    try {
      expect(one.port).toBe(port);
      expect(two.port).not.toBe(port);
      await one.cli(["set", "only-here", "1"]);
      expect(await two.cli(["exists", "only-here"])).toBe("0");
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it("explains a missing binary", async () => {
    await expect(startRedis({ binary: "wirewatch-no-redis-server" })).rejects.toThrow(
      "install Debian's redis-server",
    );
  });

  it("simulates a crash with SIGKILL", async () => {
    const server = await startRedis();
    await server.stop({ signal: "SIGKILL" });
    expect(server.running()).toBe(false);
    expect(await pingRedis(server.port)).toBe(false);
  });
});
