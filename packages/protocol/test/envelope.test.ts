import { describe, expect, it } from "vitest";
import { busEventSchema, draftEventSchema, sealEvent } from "../src/index.js";

describe("event envelope", () => {
  it("seals a draft: type defaults to channel, seq and epoch from the bus", () => {
    const now = new Date("2025-06-19T14:30:00.000Z");
    const ev = sealEvent(
      { channel: "system.stats", host: "nas1", data: { cpu_percent: 1 } },
      1042,
      "ep1",
      now,
    );
    expect(ev).toEqual({
      type: "system.stats",
      channel: "system.stats",
      host: "nas1",
      seq: 1042,
      epoch: "ep1",
      timestamp: "2025-06-19T14:30:00.000Z",
      data: { cpu_percent: 1 },
    });
    expect(busEventSchema.safeParse(ev).success).toBe(true);
  });

  it("keeps a publisher's own timestamp", () => {
    const ev = sealEvent({ channel: "log", host: "a", data: {}, timestamp: "2024-01-01T00:00:00Z" }, 1, "e");
    expect(ev.timestamp).toBe("2024-01-01T00:00:00Z");
  });

  it.each([
    ["missing host", { channel: "log", data: {} }],
    ["host with a space", { channel: "log", host: "my host", data: {} }],
    ["host with a slash", { channel: "log", host: "a/b", data: {} }],
    ["timestamp not ISO", { channel: "log", host: "a", data: {}, timestamp: "yesterday" }],
    ["empty channel", { channel: "", host: "a", data: {} }],
  ])("rejects a draft with %s", (_label, draft) => {
    expect(draftEventSchema.safeParse(draft).success).toBe(false);
  });

  it("rejects an event with a negative or fractional seq", () => {
    const base = sealEvent({ channel: "log", host: "a", data: {} }, 1, "e");
    expect(busEventSchema.safeParse({ ...base, seq: -1 }).success).toBe(false);
    expect(busEventSchema.safeParse({ ...base, seq: 1.5 }).success).toBe(false);
  });
});
