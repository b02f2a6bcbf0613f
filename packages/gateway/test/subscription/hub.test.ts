import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import type { BusEvent } from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as ws from "ws";
import type { Dialect } from "../../src/dialect.js";
import { createNativeDialect } from "../../src/dialects/native.js";
import { silentLogger as gatewayLogger } from "../../src/logger.js";
import { createHub, type EncodedEvent, type HubSubscriber } from "../../src/subscription/hub.js";
import { stats } from "../helpers/harness.js";

let bus = createMemoryBus({ logger: silentLogger });
afterEach(async () => {
  await bus.close();
  bus = createMemoryBus({ logger: silentLogger });
});

function countingDialect(name: string): Dialect & { encodes: number } {
  const native = createNativeDialect();
  const d = {
    ...native,
    name,
    encodes: 0,
    encode(event: BusEvent) {
      d.encodes++;
      return native.encode(event);
    },
  };
  return d;
}

function subscriber(dialect: Dialect, received: Buffer[] = []): HubSubscriber & { received: Buffer[] } {
  return {
    dialect,
    received,
    deliver(_event: BusEvent, frames: EncodedEvent) {
      const frame = frames.frame(dialect);
      if (frame) received.push(frame);
    },
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
};

describe("hub fan-out", () => {
  it("encodes each event once per dialect and hands every socket the same Buffer", async () => {
    const hub = createHub(bus, gatewayLogger());
    const a = countingDialect("a");
    const b = countingDialect("b");
    const subs = [subscriber(a), subscriber(a), subscriber(a), subscriber(b), subscriber(b)];
    for (const s of subs) await hub.attach(s, "system.stats");
    await bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    await until(() => subs.every((s) => s.received.length === 1));
    expect(a.encodes).toBe(1);
    expect(b.encodes).toBe(1);
    const [first] = subs[0]!.received;
    expect(subs[1]!.received[0]).toBe(first);
    expect(subs[2]!.received[0]).toBe(first);
    expect(subs[3]!.received[0]).not.toBe(first);
    expect(subs[3]!.received[0]).toBe(subs[4]!.received[0]);
    expect(JSON.parse(first!.toString())).toMatchObject({ type: "system.stats", host: "nas1", seq: 1 });
  });

  it("holds one bus subscription per channel, refcounted", async () => {
    const hub = createHub(bus, gatewayLogger());
    const d = countingDialect("n");
    const s1 = subscriber(d);
    const s2 = subscriber(d);
    await hub.attach(s1, "sensors");
    await hub.attach(s2, "sensors");
    await hub.attach(s2, "sensors");
    expect(hub.channels()).toEqual(["sensors"]);
    expect(hub.subscriberCount("sensors")).toBe(2);
    hub.detach(s1, "sensors");
    expect(hub.channels()).toEqual(["sensors"]);
    hub.detach(s2, "sensors");
    hub.detach(s2, "sensors");
    expect(hub.channels()).toEqual([]);
    await bus.publish({ channel: "sensors", host: "h", data: { temperatures: [], fans: [] } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(s1.received).toHaveLength(0);
  });

  it("keeps delivering to the others when one subscriber throws", async () => {
    const hub = createHub(bus, gatewayLogger());
    const d = countingDialect("n");
    const bad: HubSubscriber = {
      dialect: d,
      deliver() {
        throw new Error("boom");
      },
    };
    const good = subscriber(d);
    await hub.attach(bad, "system.stats");
    await hub.attach(good, "system.stats");
    await bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    await until(() => good.received.length === 1);
  });

  it("skips dialects that do not forward an event without encoding again", async () => {
    const hub = createHub(bus, gatewayLogger());
    let calls = 0;
    const silent: Dialect = {
      ...createNativeDialect(),
      name: "silent",
      encode: () => {
        calls++;
        return null;
      },
    };
    const subs = [subscriber(silent), subscriber(silent)];
    for (const s of subs) await hub.attach(s, "system.stats");
    await bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    await until(() => calls === 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    expect(subs.every((s) => s.received.length === 0)).toBe(true);
  });
});

describe("ws framing assumption", () => {
  // The hub's "serialize once" relies on ws writing an unmasked (server) frame as
  // [header, payload] without copying the payload Buffer. If a ws upgrade changes that, fan-out
  // still works but copies per socket: this test says so.
  it("ws frames a server-side Buffer without copying its payload", () => {
    // `Sender` is exported by ws but absent from @types/ws.
    const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
    const payload = Buffer.from(JSON.stringify({ type: "system.stats", pad: "x".repeat(300) }));
    const parts = Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false });
    expect(parts).toHaveLength(2);
    expect(parts[1]).toBe(payload);
    expect(parts[0]!.length).toBe(4);
  });
});
