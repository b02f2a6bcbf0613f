import { describe, expect, it } from "vitest";
import { BusError } from "../src/index.js";
import { decodeBatches, decodeMessage, encodeDraft, nowIso } from "../src/redis-codec.js";

const TS = "2025-06-19T14:30:00.000Z";

describe("redis codec", () => {
  it("encodes a draft as one JSON document without seq and epoch", () => {
    const text = encodeDraft({ channel: "system.stats", host: "nas1", data: { cpu_percent: 25.5 } }, TS);
    expect(JSON.parse(text)).toEqual({
      type: "system.stats",
      channel: "system.stats",
      host: "nas1",
      timestamp: TS,
      data: { cpu_percent: 25.5 },
    });
  });

  it("escapes a custom type", () => {
    const text = encodeDraft({ channel: "custom.x", host: "h", type: 'say "hi"\n', data: null }, TS);
    expect(JSON.parse(text).type).toBe('say "hi"\n');
  });

  it("rejects data JSON cannot carry", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const data of [10n, cyclic, () => 1]) {
      expect(() => encodeDraft({ channel: "custom.x", host: "h", data }, TS)).toThrow(BusError);
    }
  });

  it("decodes batch messages into sealed events in architecture §3 key order", () => {
    const drafts = [1, 2].map((n) => encodeDraft({ channel: "custom.x", host: "h", data: { n } }, TS));
    const message = `{"epoch":"E1","seq":41,"n":2,"events":[${drafts.join(",")}]}`;
    const events = decodeMessage(message);
    expect(events.map((event) => [event.seq, event.epoch, (event.data as { n: number }).n])).toEqual([
      [41, "E1", 1],
      [42, "E1", 2],
    ]);
    expect(Object.keys(events[0] as object)).toEqual([
      "type",
      "channel",
      "host",
      "seq",
      "epoch",
      "timestamp",
      "data",
    ]);
    const next = `{"epoch":"E1","seq":43,"n":2,"events":[${drafts.join(",")}]}`;
    expect(decodeBatches([message, next], 42, 2).map((event) => event.seq)).toEqual([42, 43]);
  });

  it("throws on a malformed message", () => {
    expect(() => decodeMessage("{}")).toThrow(/malformed/);
    expect(() => decodeMessage("not json")).toThrow();
  });

  it("formats the current time as ISO 8601", () => {
    expect(nowIso()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
