import { reply, type SubscriptionAck } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { createNativeDialect, NATIVE_PATH } from "../../src/dialects/native.js";

describe("native dialect", () => {
  const d = createNativeDialect();

  it("serves /api/v1/ws with the wirewatch subprotocol and HTTP 401s", () => {
    expect(d.path).toBe(NATIVE_PATH);
    expect(d.subprotocols).toEqual(["wirewatch"]);
    expect(d.unauthorized).toBe("http");
  });

  it("encodes events as the bus envelope, keeping recovered", () => {
    const event = {
      type: "system.stats",
      channel: "system.stats",
      host: "nas1",
      seq: 3,
      epoch: "e",
      timestamp: "2025-06-19T14:30:00.000Z",
      data: { cpu_percent: 1 },
    };
    expect(JSON.parse(d.encode(event)!)).toEqual(event);
    expect(JSON.parse(d.encode({ ...event, recovered: true })!)).toMatchObject({ recovered: true });
  });

  it("encodes replies and decodes commands with precise errors", () => {
    const ack = reply<SubscriptionAck>(
      { type: "subscription_ack", channels: ["a"], status: "subscribed" },
      1,
    );
    expect(JSON.parse(d.encodeReply(ack)!)).toEqual(ack);
    expect(d.decode('{"type":"ping"}')).toEqual({ ok: true, command: { type: "ping" } });
    expect(d.decode("nope")).toMatchObject({ ok: false, code: "invalid_json" });
    expect(d.decode('{"type":"x","id":2}')).toMatchObject({ ok: false, code: "unknown_type", id: 2 });
  });

  it("can be mounted on another path", () => {
    expect(createNativeDialect({ path: "/ws2" }).path).toBe("/ws2");
  });
});
