import { describe, expect, it } from "vitest";
import { decodeCommand } from "../src/index.js";

describe("decodeCommand", () => {
  it("decodes UMA's documented commands", () => {
    expect(decodeCommand('{"type":"subscribe","channel":"system.stats"}')).toEqual({
      ok: true,
      command: { type: "subscribe", channel: "system.stats" },
    });
    expect(decodeCommand('{"type":"unsubscribe","channel":"system.stats"}')).toMatchObject({ ok: true });
    expect(decodeCommand('{"type":"list_subscriptions"}')).toMatchObject({ ok: true });
  });

  it("decodes subscribe with channels, id, since and snapshot", () => {
    const r = decodeCommand(
      JSON.stringify({
        type: "subscribe",
        id: "a1",
        channels: ["system.stats", "sensors@nas1"],
        since: { seq: 10, epoch: "e1" },
        snapshot: false,
      }),
    );
    expect(r).toMatchObject({
      ok: true,
      command: { id: "a1", snapshot: false, since: { seq: 10, epoch: "e1" } },
    });
  });

  it.each([
    ["not JSON", "{type:subscribe}", "invalid_json"],
    ["an array", "[1,2]", "invalid_message"],
    ["a string", '"subscribe"', "invalid_message"],
    ["null", "null", "invalid_message"],
    ["no type", '{"channel":"x"}', "invalid_message"],
    ["numeric type", '{"type":5}', "invalid_message"],
    ["unknown type", '{"type":"subscribe_all"}', "unknown_type"],
    ["prototype type", '{"type":"__proto__"}', "unknown_type"],
    ["subscribe without channel", '{"type":"subscribe"}', "invalid_message"],
    ["subscribe with empty channels", '{"type":"subscribe","channels":[]}', "invalid_message"],
    ["channel not a string", '{"type":"subscribe","channel":7}', "invalid_message"],
    ["bad since", '{"type":"subscribe","channel":"log","since":{"seq":-1,"epoch":"e"}}', "invalid_message"],
    ["publish without data", '{"type":"publish","channel":"custom.x"}', "invalid_message"],
    ["publish with array data", '{"type":"publish","channel":"custom.x","data":[1]}', "invalid_message"],
  ])("rejects %s with %s", (_label, frame, code) => {
    const r = decodeCommand(frame);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe(code);
  });

  it("echoes the id of a rejected command and names the bad field", () => {
    const r = decodeCommand('{"type":"subscribe","id":"x9","channel":7}');
    expect(r).toMatchObject({ ok: false, code: "invalid_message", id: "x9" });
    expect(!r.ok && r.message).toMatch(/^channel:/);
  });
});

describe("alert commands", () => {
  it("decodes alerts_list, alert_ack, silence and unsilence", () => {
    expect(decodeCommand('{"type":"alerts_list","id":1}')).toEqual({
      ok: true,
      command: { type: "alerts_list", id: 1 },
    });
    expect(decodeCommand('{"type":"alert_ack","alert_id":"abc"}')).toMatchObject({
      ok: true,
      command: { alert_id: "abc" },
    });
    expect(
      decodeCommand(
        '{"type":"silence","rule":"cpu","host":"nas*","duration_ms":3600000,"reason":" kernel update "}',
      ),
    ).toMatchObject({
      ok: true,
      command: { rule: "cpu", host: "nas*", duration_ms: 3600000, reason: "kernel update" },
    });
    expect(decodeCommand('{"type":"silence","host":"nas1","duration_ms":1000,"reason":"x"}')).toMatchObject({
      ok: true,
    });
    expect(decodeCommand('{"type":"unsilence","silence_id":"s-1"}')).toMatchObject({
      ok: true,
      command: { silence_id: "s-1" },
    });
  });

  it.each([
    ["ack without alert_id", '{"type":"alert_ack"}', /^alert_id:/],
    ["ack with an empty id", '{"type":"alert_ack","alert_id":""}', /^alert_id:/],
    [
      "silence without rule or host",
      '{"type":"silence","duration_ms":60000,"reason":"x"}',
      /^rule: silence needs/,
    ],
    ["silence without reason", '{"type":"silence","rule":"cpu","duration_ms":60000}', /^reason:/],
    [
      "silence with a blank reason",
      '{"type":"silence","rule":"cpu","duration_ms":60000,"reason":"  "}',
      /^reason:/,
    ],
    [
      "silence under a second",
      '{"type":"silence","rule":"cpu","duration_ms":999,"reason":"x"}',
      /^duration_ms:/,
    ],
    [
      "silence over 90 days",
      `{"type":"silence","rule":"cpu","duration_ms":${91 * 86_400_000},"reason":"x"}`,
      /^duration_ms:/,
    ],
    [
      "silence with a fractional duration",
      '{"type":"silence","rule":"cpu","duration_ms":1000.5,"reason":"x"}',
      /^duration_ms:/,
    ],
    ["unsilence without id", '{"type":"unsilence"}', /^silence_id:/],
  ])("rejects %s, naming the field", (_label, frame, message) => {
    const r = decodeCommand(frame);
    expect(r).toMatchObject({ ok: false, code: "invalid_message" });
    expect(!r.ok && r.message).toMatch(message);
  });
});
