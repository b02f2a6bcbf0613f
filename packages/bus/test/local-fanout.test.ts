import type { BusEvent } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../src/index.js";
import { LocalFanout } from "../src/local-fanout.js";

const event = (seq: number): BusEvent => ({
  type: "custom.x",
  channel: "custom.x",
  host: "h",
  seq,
  epoch: "e",
  timestamp: "2025-06-19T14:30:00.000Z",
  data: null,
});

describe("LocalFanout", () => {
  it("tells when a channel gets its first and loses its last handler", () => {
    const fanout = new LocalFanout(() => {}, silentLogger);
    const a = fanout.add("custom.x", () => {});
    const b = fanout.add("custom.x", () => {});
    expect([a.first, b.first]).toEqual([true, false]);
    expect(fanout.remove("custom.x", a.entry).last).toBe(false);
    expect(fanout.remove("custom.x", a.entry).last).toBe(false);
    expect(fanout.remove("custom.x", b.entry).last).toBe(true);
    expect(fanout.has("custom.x")).toBe(false);
  });

  it("keeps one registration per subscribe, even of the same function", () => {
    const fanout = new LocalFanout(() => {}, silentLogger);
    const seen: number[] = [];
    const handler = (e: BusEvent) => seen.push(e.seq);
    const first = fanout.add("custom.x", handler);
    fanout.add("custom.x", handler);
    fanout.deliver(event(1));
    fanout.remove("custom.x", first.entry);
    fanout.deliver(event(2));
    expect(seen).toEqual([1, 1, 2]);
  });

  it("skips a handler removed during delivery and starts one added during delivery at the next event", () => {
    const fanout = new LocalFanout(() => {}, silentLogger);
    const seen: string[] = [];
    let added = false;
    const victim = { entry: undefined as ReturnType<LocalFanout["add"]>["entry"] | undefined };
    fanout.add("custom.x", (e) => {
      seen.push(`first:${e.seq}`);
      if (victim.entry) fanout.remove("custom.x", victim.entry);
      if (!added) fanout.add("custom.x", (ev) => seen.push(`late:${ev.seq}`));
      added = true;
    });
    victim.entry = fanout.add("custom.x", (e) => seen.push(`victim:${e.seq}`)).entry;
    fanout.deliver(event(1));
    fanout.deliver(event(2));
    expect(seen).toEqual(["first:1", "first:2", "late:2"]);
  });

  it("reports a throwing handler, and survives a throwing reporter", () => {
    const errors: string[] = [];
    const logged: string[] = [];
    const fanout = new LocalFanout(
      (error) => {
        errors.push((error as Error).message);
        throw new Error("reporter bug");
      },
      { ...silentLogger, error: (_obj, msg) => logged.push(msg ?? "") },
    );
    const seen: number[] = [];
    fanout.add("custom.x", () => {
      throw new Error("handler bug");
    });
    fanout.add("custom.x", (e) => seen.push(e.seq));
    fanout.deliver(event(1));
    expect(errors).toEqual(["handler bug"]);
    expect(logged).toEqual(["bus onHandlerError threw"]);
    expect(seen).toEqual([1]);
  });
});
