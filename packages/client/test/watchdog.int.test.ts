import { createMemoryBroker } from "@wirewatch/bus";
import { startTcpProxy, type TcpProxy, waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type { Client } from "../src/index.js";
import { continuity, proxyUrl, startGateway, startProducer, type TestGateway } from "./helpers/gateway.js";
import { drained, streamClient } from "./helpers/stream-client.js";

let gateways: TestGateway[] = [];
let proxy: TcpProxy | undefined;
let producer: ReturnType<typeof startProducer> | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await producer?.stop();
  producer = undefined;
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await proxy?.stop();
  proxy = undefined;
  await Promise.all(gateways.map((g) => g.close()));
  gateways = [];
});

const track = async (options: Parameters<typeof streamClient>[0]) => {
  const c = await streamClient(options);
  clients.push(c.client);
  return c;
};
const gateway = async (options: Parameters<typeof startGateway>[0]) => {
  const g = await startGateway(options);
  gateways.push(g);
  return g;
};

describe("watchdog", () => {
  it("keeps an idle connection alive with pings", async () => {
    const g = await gateway({});
    const c = await track({ url: g.url, watchdog: { pingIntervalMs: 100, timeoutMs: 400 } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(c.client.stats()).toMatchObject({ state: "open", connects: 1 });
    expect(c.closes).toEqual([]);
  });

  it("reconnects when the server stops answering (frozen path) and resumes without loss", async () => {
    const broker = createMemoryBroker();
    const g = await gateway({ broker });
    proxy = await startTcpProxy({ targetPort: g.port });
    producer = startProducer(broker, 10);
    const c = await track({ url: proxyUrl(proxy), watchdog: { pingIntervalMs: 100, timeoutMs: 500 } });
    await waitFor(() => c.seqs.length >= 20);

    proxy.blackhole();
    await waitFor(() => c.client.stats().reconnects === 1 && c.client.state === "open", {
      timeoutMs: 10_000,
    });
    await drained(c.seqs, producer!);
    producer = undefined;

    expect(c.closeReasons[0]).toMatch(/nothing from the server for 500 ms/);
    expect(proxy.accepted).toBe(2);
    expect(continuity(c.seqs)).toBeUndefined();
    expect(c.recovered.length).toBeGreaterThan(0);
    expect(c.gaps).toEqual([]);
    expect(c.errors).toEqual([]);
  });
});
