import { describe, expect, it } from "vitest";
import { BusError } from "../src/index.js";
import { assertChannel, assertDraft, assertResumePoint, resolveLimit } from "../src/validate.js";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof BusError ? error.code : "not a BusError";
  }
  return "no error";
};

describe("validation", () => {
  it("accepts base channel names only", () => {
    expect(assertChannel("system.stats")).toBe("system.stats");
    expect(assertChannel("custom.backup-nightly_2")).toBe("custom.backup-nightly_2");
    for (const bad of [
      "System.stats",
      "system.stats@nas1",
      "system.*",
      "a b",
      "",
      `x${"y".repeat(200)}`,
      42,
    ]) {
      expect(code(() => assertChannel(bad))).toBe("WW_BUS_INVALID_CHANNEL");
    }
  });

  it("checks drafts", () => {
    const ok = { channel: "system.stats", host: "nas-1.lan", data: {} };
    expect(code(() => assertDraft(ok))).toBe("no error");
    expect(code(() => assertDraft({ ...ok, timestamp: "2025-06-19T14:30:00+02:00" }))).toBe("no error");
    expect(code(() => assertDraft({ ...ok, host: "" }))).toBe("WW_BUS_INVALID_EVENT");
    expect(code(() => assertDraft({ ...ok, host: 'a"b' }))).toBe("WW_BUS_INVALID_EVENT");
    expect(code(() => assertDraft({ ...ok, type: "" }))).toBe("WW_BUS_INVALID_EVENT");
    expect(code(() => assertDraft({ ...ok, timestamp: "2025-06-19 14:30" }))).toBe("WW_BUS_INVALID_EVENT");
    expect(code(() => assertDraft({ ...ok, data: undefined }))).toBe("WW_BUS_INVALID_EVENT");
    expect(code(() => assertDraft(null as never))).toBe("WW_BUS_INVALID_EVENT");
  });

  it("checks resume points and limits", () => {
    expect(code(() => assertResumePoint({ seq: 0, epoch: "e" }))).toBe("no error");
    expect(code(() => assertResumePoint({ seq: 1.5, epoch: "e" }))).toBe("WW_BUS_INVALID_ARGUMENT");
    expect(code(() => assertResumePoint({ seq: 1, epoch: "" }))).toBe("WW_BUS_INVALID_ARGUMENT");
    expect(resolveLimit(undefined, 100)).toBe(100);
    expect(resolveLimit(500, 100)).toBe(100);
    expect(resolveLimit(0, 100)).toBe(0);
    expect(code(() => resolveLimit(-1, 100))).toBe("WW_BUS_INVALID_ARGUMENT");
  });
});
