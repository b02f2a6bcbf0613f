import { createMemoryBroker, type MemoryBroker } from "@wirewatch/bus";
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

describe("reconnect and resume", () => {
  it("after a 1001 restart on the same port: resumes, nothing lost, nothing twice, no error", async () => {
    const broker: MemoryBroker = createMemoryBroker();
    const first = await gateway({ broker });
    producer = startProducer(broker);
    const c = await track({ url: first.url });
    await waitFor(() => c.seqs.length >= 50);

    await first.close(); // 1001 + {"retry_after_ms": 50..100}
    gateways = gateways.filter((g) => g !== first);
    const restarted = await gateway({ broker, port: first.port });
    await waitFor(() => c.client.stats().reconnects === 1 && c.client.state === "open");
    await waitFor(() => c.seqs.length >= producer!.published - 5);
    await drained(c.seqs, producer!);
    producer = undefined;

    expect(restarted.port).toBe(first.port);
    expect(c.closes[0]).toBe(1001);
    expect(continuity(c.seqs)).toBeUndefined();
    expect(c.recovered.length).toBeGreaterThan(0);
    expect(c.gaps).toEqual([]);
    expect(c.errors).toEqual([]);
  });

  it("moves to another replica on one shared backend when its replica dies abruptly", async () => {
    const broker = createMemoryBroker();
    const a = await gateway({ broker });
    const b = await gateway({ broker });
    proxy = await startTcpProxy({ targetPort: a.port });
    producer = startProducer(broker);
    const c = await track({ url: proxyUrl(proxy) });
    await waitFor(() => c.seqs.length >= 50);
    expect(a.gateway.stats().connections).toBe(1);

    proxy.setTarget(b.port);
    proxy.dropAll(); // what a client behind a load balancer sees when its replica is SIGKILLed
    await waitFor(() => b.gateway.stats().connections === 1 && c.client.state === "open");
    await drained(c.seqs, producer!);
    producer = undefined;

    expect(c.closes).toEqual([1006]);
    expect(continuity(c.seqs)).toBeUndefined();
    expect(c.gaps).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(c.client.stats()).toMatchObject({ reconnects: 1, duplicatesDropped: expect.any(Number) });
  });

  it("a draining replica (1001): all of its clients move to the other one, without loss or error", async () => {
    const broker = createMemoryBroker();
    const a = await gateway({ broker });
    const b = await gateway({ broker });
    proxy = await startTcpProxy({ targetPort: a.port });
    producer = startProducer(broker);
    const crowd = await Promise.all(Array.from({ length: 20 }, () => track({ url: proxyUrl(proxy!) })));
    await waitFor(() => crowd.every((c) => c.seqs.length >= 10));

    proxy.setTarget(b.port);
    await a.close();
    gateways = gateways.filter((g) => g !== a);
    await waitFor(() => b.gateway.stats().connections === 20, { description: "every client on b" });
    const p = producer!;
    await p.stop();
    producer = undefined;
    await waitFor(() => crowd.every((c) => c.seqs.at(-1) === p.published), { description: "every event" });

    for (const c of crowd) {
      expect(c.closes).toEqual([1001]);
      expect(continuity(c.seqs)).toBeUndefined();
      expect(c.gaps).toEqual([]);
      expect(c.errors).toEqual([]);
    }
  });

  it("surfaces recovered: false as a gap when the history was lost (new backend, new epoch)", async () => {
    const oldBroker = createMemoryBroker();
    const first = await gateway({ broker: oldBroker });
    const c = await track({ url: first.url });
    for (let i = 0; i < 5; i++)
      await first.bus.publish({ channel: "custom.stream", host: "nas1", data: { i } });
    await waitFor(() => c.seqs.length === 5);
    const oldEpoch = c.client.positions()["custom.stream"]?.epoch;

    await first.close();
    gateways = [];
    const newBroker = createMemoryBroker();
    const second = await gateway({ broker: newBroker, port: first.port });
    await waitFor(() => c.gaps.length === 1, { description: "a gap" });
    expect(c.gaps[0]).toEqual({
      channel: "custom.stream",
      reason: "not_recovered",
      epoch: newBroker.epoch,
      previous_epoch: oldEpoch,
      from_seq: 5,
      to_seq: 0,
    });
    await second.bus.publish({ channel: "custom.stream", host: "nas1", data: { i: 1 } });
    await waitFor(() => c.seqs.length === 6);
    expect(c.seqs).toEqual([1, 2, 3, 4, 5, 1]);
    expect(c.client.positions()["custom.stream"]).toEqual({ epoch: newBroker.epoch, seq: 1 });
    expect(c.client.stats().gaps).toBe(1);
    expect(c.errors).toEqual([]);
  });
});
