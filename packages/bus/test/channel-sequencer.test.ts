import type { BusEvent } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { ChannelSequencer } from "../src/channel-sequencer.js";
import { BusError, type HistoryResult, type ResumePoint } from "../src/index.js";
import { recordingLogger } from "./recording-logger.js";

const ev = (seq: number, epoch = "A"): BusEvent => ({
  type: "custom.x",
  channel: "custom.x",
  host: "h",
  seq,
  epoch,
  timestamp: "2025-06-19T14:30:00.000Z",
  data: seq,
});

/** A sequencer over a fake history holding `stored`; `calls` records each history request. */
function setup(stored: BusEvent[], options: { down?: number; historyMaxLen?: number } = {}) {
  const delivered: string[] = [];
  const calls: ResumePoint[] = [];
  let downFor = options.down ?? 0;
  let release: (() => void) | undefined;
  let manual = false;
  const logger = recordingLogger();
  const history = async (_channel: string, since: ResumePoint): Promise<HistoryResult> => {
    calls.push(since);
    if (downFor > 0) {
      downFor--;
      throw new BusError("WW_BUS_DOWN", "down");
    }
    const epoch = stored.at(-1)?.epoch;
    const after = stored.filter((e) => e.epoch === since.epoch && e.seq > since.seq);
    const contiguous = after.length === 0 || after[0]?.seq === since.seq + 1;
    const result: HistoryResult =
      since.epoch === epoch && contiguous
        ? { recovered: true, epoch, events: after.slice(0, options.historyMaxLen ?? 100) }
        : { recovered: false, epoch, events: stored.filter((e) => e.epoch === epoch) };
    if (manual) return new Promise((resolve) => (release = () => resolve(result)));
    return result;
  };
  const sequencer = new ChannelSequencer({
    channel: "custom.x",
    deliver: (event) => delivered.push(`${event.epoch}${event.seq}`),
    history,
    historyMaxLen: options.historyMaxLen ?? 100,
    whenHistoryUp: async () => true,
    fillWaitMs: 1_000,
    isCurrent: () => true,
    logger,
  });
  return {
    sequencer,
    delivered,
    calls,
    logger,
    hold: () => {
      manual = true;
    },
    release: () => release?.(),
  };
}

describe("ChannelSequencer", () => {
  it("delivers in order and drops duplicates", () => {
    const { sequencer, delivered, calls } = setup([]);
    for (const seq of [5, 6, 6, 4, 7]) sequencer.accept(ev(seq));
    expect(delivered).toEqual(["A5", "A6", "A7"]);
    expect(calls).toEqual([]);
  });

  it("fills a gap from history before delivering newer live events", async () => {
    const stored = [1, 2, 3, 4, 5].map((seq) => ev(seq));
    const { sequencer, delivered, calls } = setup(stored);
    sequencer.accept(ev(1));
    sequencer.accept(ev(4));
    sequencer.accept(ev(5));
    await waitFor(() => delivered.length === 5, { description: "five events" });
    expect(delivered).toEqual(["A1", "A2", "A3", "A4", "A5"]);
    expect(calls).toEqual([{ seq: 1, epoch: "A" }]);
  });

  it("pages through history when the gap is larger than one page", async () => {
    const stored = Array.from({ length: 10 }, (_, i) => ev(i + 1));
    const { sequencer, delivered, calls } = setup(stored, { historyMaxLen: 3 });
    sequencer.accept(ev(1));
    sequencer.accept(ev(10));
    await waitFor(() => delivered.length === 10, { description: "ten events" });
    expect(delivered).toEqual(stored.map((e) => `A${e.seq}`));
    expect(calls.map((call) => call.seq)).toEqual([1, 4, 7, 10]);
  });

  it("on resume fetches what was missed while away", async () => {
    const stored = [1, 2, 3].map((seq) => ev(seq));
    const { sequencer, delivered } = setup(stored);
    sequencer.resume(); // nothing seen yet: nothing to fetch
    sequencer.accept(ev(1));
    sequencer.resume();
    await waitFor(() => delivered.length === 3, { description: "three events" });
    expect(delivered).toEqual(["A1", "A2", "A3"]);
  });

  it("starts a new epoch at its seq 1, filling from history, with a warning", async () => {
    const stored = [1, 2, 3].map((seq) => ev(seq, "B"));
    const { sequencer, delivered, logger } = setup(stored);
    sequencer.accept(ev(7, "A"));
    sequencer.accept(ev(3, "B"));
    await waitFor(() => delivered.length === 4, { description: "four events" });
    expect(delivered).toEqual(["A7", "B1", "B2", "B3"]);
    expect(logger.lines.map((line) => line.msg)).toContain("bus channel history was lost (new epoch)");
  });

  it("holds live events while a fill runs", async () => {
    const stored = [1, 2, 3, 4].map((seq) => ev(seq));
    const harness = setup(stored);
    harness.sequencer.accept(ev(1));
    harness.hold();
    harness.sequencer.accept(ev(3));
    harness.sequencer.accept(ev(4));
    expect(harness.delivered).toEqual(["A1"]);
    harness.release();
    await waitFor(() => harness.delivered.length === 4, { description: "held events" });
    expect(harness.delivered).toEqual(["A1", "A2", "A3", "A4"]);
  });

  it("waits for history to come back, then fills", async () => {
    const stored = [1, 2, 3].map((seq) => ev(seq));
    const { sequencer, delivered, calls } = setup(stored, { down: 2 });
    sequencer.accept(ev(1));
    sequencer.accept(ev(3));
    await waitFor(() => delivered.length === 3, { description: "three events" });
    expect(delivered).toEqual(["A1", "A2", "A3"]);
    expect(calls).toHaveLength(3);
  });

  it("releases held events with the gap when history stays lost", async () => {
    const { sequencer, delivered, logger } = setup([ev(9)]);
    sequencer.accept(ev(1));
    sequencer.accept(ev(9));
    await waitFor(() => delivered.length === 2, { description: "two events" });
    expect(delivered).toEqual(["A1", "A9"]);
    expect(logger.lines.some((line) => line.msg === "bus events lost beyond the history window")).toBe(true);
  });
});
