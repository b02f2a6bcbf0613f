import { startTcpProxy, type TcpProxy, waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import WebSocket from "ws";
import { type Client, type ClientError, type ClientOptions, createClient } from "../src/index.js";
import { countingTimers } from "./helpers/counting-timers.js";
import { proxyUrl, READ_TOKEN, signJwt, startGateway, type TestGateway } from "./helpers/gateway.js";

let gw: TestGateway | undefined;
let proxy: TcpProxy | undefined;
const clients: Client[] = [];
const open = (options: Partial<ClientOptions> & { url: string }) => {
  const client = createClient({
    WebSocket,
    token: READ_TOKEN,
    reconnect: { minDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
  clients.push(client);
  return client;
};
const errorsOf = (client: Client) => {
  const errors: ClientError[] = [];
  client.on("error", (e) => errors.push(e));
  return errors;
};

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await proxy?.stop();
  proxy = undefined;
  await gw?.close();
  gw = undefined;
});

const stats = (cpu: number) => ({
  cpu_percent: cpu,
  memory_percent: 50,
  memory_used: 8589934592,
  memory_total: 17179869184,
  uptime: 86400,
  load_average: [0.5, 0.7, 0.9],
  network_io: { bytes_sent: 1048576, bytes_recv: 2097152 },
});

describe("subscribe against a real gateway", () => {
  for (const tokenIn of ["header", "query", "subprotocol"] as const) {
    it(`delivers typed events with the token as ${tokenIn}: snapshot first, then live, once each`, async () => {
      gw = await startGateway();
      await gw.bus.publish({ channel: "system.stats", host: "nas1", data: stats(10) });
      await gw.bus.publish({ channel: "system.stats", host: "nas2", data: stats(20) });
      const client = open({ url: gw.url, tokenIn });
      const errors = errorsOf(client);
      const cpu: string[] = [];
      const sub = await client.subscribe("system.stats", (ev) => {
        expectTypeOf(ev.data.cpu_percent).toEqualTypeOf<number>();
        cpu.push(`${ev.host}:${ev.data.cpu_percent}`);
      });
      expect(sub).toMatchObject({ channel: "system.stats", active: true });
      await waitFor(() => cpu.length === 2);
      await gw.bus.publish({ channel: "system.stats", host: "nas1", data: stats(30) });
      await waitFor(() => cpu.length === 3);
      expect(cpu).toEqual(["nas1:10", "nas2:20", "nas1:30"]);
      expect(errors).toEqual([]);
      expect(client.stats()).toMatchObject({ state: "open", connects: 1, events: 3, duplicatesDropped: 0 });
    });
  }

  it("narrows by host and answers requests (list_subscriptions, publish refused for a read token)", async () => {
    gw = await startGateway();
    const client = open({ url: gw.url });
    const errors = errorsOf(client);
    const hosts: string[] = [];
    await client.subscribe("system.stats@nas2", (ev) => hosts.push(ev.host));
    for (const host of ["nas1", "nas2", "nas1", "nas2"]) {
      await gw.bus.publish({ channel: "system.stats", host, data: stats(1) });
    }
    await waitFor(() => hosts.length === 2);
    expect(hosts).toEqual(["nas2", "nas2"]);
    await expect(client.request({ type: "list_subscriptions" })).resolves.toMatchObject({
      type: "subscriptions",
      channels: ["system.stats@nas2"],
    });
    await expect(client.publish("custom.x", { a: 1 })).rejects.toMatchObject({ code: "forbidden" });
    expect(errors.map((e) => e.code)).toEqual(["forbidden"]);
  });

  it("rejects a subscribe the gateway refuses (admin-only channel) with its code", async () => {
    gw = await startGateway();
    const client = open({ url: gw.url });
    const errors = errorsOf(client);
    await expect(client.subscribe("gateway.clients")).rejects.toMatchObject({
      code: "forbidden_channel",
      channel: "gateway.clients",
    });
    expect(errors.map((e) => e.code)).toEqual(["forbidden_channel"]);
  });
});

describe("unauthorized", () => {
  it("HTTP 401 at the upgrade: one attempt, a fatal unauthorized error, nothing scheduled", async () => {
    gw = await startGateway();
    proxy = await startTcpProxy({ targetPort: gw.port });
    const timers = countingTimers();
    const client = open({ url: proxyUrl(proxy), token: "wrong-token-0123456789", timers });
    const errors = errorsOf(client);
    const sub = client.subscribe("system.stats");
    await expect(sub).rejects.toMatchObject({ code: "unauthorized", httpStatus: 401, fatal: true });
    expect(errors.map((e) => e.code)).toEqual(["unauthorized"]);
    expect(client.state).toBe("closed");
    expect(timers.pending).toBe(0);
    expect(proxy.accepted).toBe(1);
  });

  it("close 4401 when the JWT expires mid-connection: stops instead of retrying forever", async () => {
    gw = await startGateway();
    const timers = countingTimers();
    const client = open({ url: gw.url, token: signJwt({ permissions: ["read"] }, 2), timers });
    const errors = errorsOf(client);
    const closes: { code: number; willReconnect: boolean }[] = [];
    client.on("close", (c) => closes.push(c));
    await client.subscribe("system.stats");
    await waitFor(() => client.state === "closed", { timeoutMs: 10_000 });
    expect(errors).toMatchObject([{ code: "unauthorized", closeCode: 4401, fatal: true }]);
    expect(closes).toMatchObject([{ code: 4401, willReconnect: false }]);
    expect(timers.pending).toBe(0);
  });
});
