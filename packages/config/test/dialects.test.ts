import { describe, expect, it } from "vitest";
import { load, loadError, writeTemp } from "./helpers.js";

describe("gateway.dialects", () => {
  it("serves the three seed dialects on their documented paths by default, without extra ports", () => {
    const { dialects } = load().config.gateway;
    expect(dialects.monserv).toEqual({ enabled: true, path: "/ws", staleAfterMs: 300_000 });
    expect(dialects.nzbflow).toEqual({ enabled: true, path: "/" });
    expect(dialects.tvheadend).toEqual({
      enabled: true,
      path: "/comet/ws",
      diskspacePath: "/",
      batchIntervalMs: 1000,
      mailboxTtlMs: 60_000,
    });
  });

  it("takes an extra port from the environment and the file", () => {
    const file = writeTemp("c.yaml", "gateway:\n  dialects:\n    tvheadend:\n      port: 9981\n");
    const config = load({ file, env: { WIREWATCH_GATEWAY__DIALECTS__MONSERV__PORT: "18904" } });
    expect(config.config.gateway.dialects.monserv.port).toBe(18904);
    expect(config.config.gateway.dialects.tvheadend.port).toBe(9981);
  });

  it("names the dialect whose path another endpoint already serves", () => {
    const error = loadError({ flags: { "gateway.dialects.monserv.path": "/api/v1/ws" } });
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "gateway.dialects.monserv.path",
        message: "/api/v1/ws is already served by gateway.path",
      }),
    ]);
    const twice = loadError({ flags: { "gateway.dialects.tvheadend.path": "/ws" } });
    expect(twice.problems[0]).toMatchObject({ path: "gateway.dialects.tvheadend.path" });
    expect(
      load({ flags: { "gateway.dialects.monserv.enabled": false, "gateway.dialects.tvheadend.path": "/ws" } })
        .config.gateway.dialects.tvheadend.path,
    ).toBe("/ws");
  });

  it("rejects bad values with their path", () => {
    const error = loadError({
      flags: {
        "gateway.dialects.nzbflow.port": 70000,
        "gateway.dialects.tvheadend.diskspacePath": "srv",
        "gateway.dialects.monserv.path": "ws",
      },
    });
    expect(error.problems.map((p) => p.path).sort()).toEqual([
      "gateway.dialects.monserv.path",
      "gateway.dialects.nzbflow.port",
      "gateway.dialects.tvheadend.diskspacePath",
    ]);
  });
});
