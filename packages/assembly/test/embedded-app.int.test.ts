import { configSchema } from "@wirewatch/config";
import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type EmbeddedApp, startEmbedded } from "../src/embedded-app.js";

/**
 * `startEmbedded` in-process on a free loopback port, memory bus: the route table answers on the
 * gateway port in its order, the banner hook sees the running app, and stop() (what SIGTERM
 * runs) closes clients with 1001 and ends with exit code 0.
 */
const TOKEN = "embedded-test-token-0123456789";

describe("startEmbedded", () => {
  it("serves admin, /metrics, the gateway's HTTP endpoints, 426 and 404 on one port; stop() exits 0", async () => {
    const config = configSchema.parse({
      log: { level: "silent" },
      gateway: { host: "127.0.0.1", port: 0 },
      auth: { tokens: [{ name: "test", token: TOKEN, permissions: ["read", "publish", "admin"] }] },
      collector: { hostname: "embedded-host" },
    });
    const exits: number[] = [];
    let announced: EmbeddedApp | undefined;
    const app = await startEmbedded(config, {
      installSignals: false,
      exit: (code) => exits.push(code),
      announce: (started) => {
        announced = started;
      },
    });
    expect(announced).toBe(app);
    expect(app.routes.map((row) => row.name)).toEqual([
      "admin",
      "metrics",
      "gateway",
      "websocket-only",
      "not-found",
    ]);
    expect(app.authMode).toBe("token");
    expect(app.generated).toBeUndefined();
    const http = app.adminUrl;

    await waitFor(async () => (await fetch(`${http}/readyz`)).status === 200);
    expect((await fetch(`${http}/livez`)).status).toBe(200);
    const scrape = await waitFor(
      async () => {
        const text = await (await fetch(`${http}/metrics`)).text();
        return /node_load1\{instance="embedded-host"\}/.test(text) ? text : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(scrape).toContain("wirewatch_build_info");
    const publish = await fetch(`${http}/api/v1/publish`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ channel: "custom.embedded", data: { ok: true } }),
    });
    expect(publish.status).toBe(202);
    expect((await fetch(`${http}/api/v1/ws`)).status).toBe(426);
    expect((await fetch(`${http}/`)).status).toBe(426);
    expect((await fetch(`${http}/nothing-here`)).status).toBe(404);

    const ws = new WebSocket(`${app.listening.url}/api/v1/ws`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    await new Promise((resolve) => ws.once("open", resolve));
    expect(await app.stop("SIGTERM")).toBe(0);
    expect(await closed).toBe(1001);
    expect(exits).toEqual([0]);
  });
});
