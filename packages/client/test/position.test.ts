import type { ResumeReply } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { createPositionTracker } from "../src/position.js";

const resumeReply = (body: Omit<ResumeReply, "type" | "timestamp" | "channel">): ResumeReply => ({
  type: "resume",
  channel: "system.stats",
  timestamp: "2025-06-19T14:30:00.000Z",
  ...body,
});

describe("position tracker", () => {
  it("delivers increasing seqs and drops seq ≤ the last delivered in the same epoch", () => {
    const t = createPositionTracker();
    expect(t.admit({ epoch: "a", seq: 3 }).admission).toBe("deliver");
    expect(t.admit({ epoch: "a", seq: 3 }).admission).toBe("duplicate");
    expect(t.admit({ epoch: "a", seq: 2 }).admission).toBe("duplicate");
    expect(t.admit({ epoch: "a", seq: 9 }).admission).toBe("deliver");
    expect(t.position).toEqual({ epoch: "a", seq: 9 });
  });

  it("treats seq holes as normal (host filters, snapshots, coalescing): no gap", () => {
    const t = createPositionTracker();
    t.admit({ epoch: "a", seq: 1 });
    expect(t.admit({ epoch: "a", seq: 50 })).toEqual({ admission: "deliver" });
  });

  it("a new epoch resets the position with an epoch_change gap; the old epoch is then stale", () => {
    const t = createPositionTracker();
    t.admit({ epoch: "a", seq: 7 });
    expect(t.admit({ epoch: "b", seq: 3 })).toEqual({
      admission: "deliver",
      gap: { reason: "epoch_change", epoch: "b", previous_epoch: "a", from_seq: 7, to_seq: 2 },
    });
    expect(t.admit({ epoch: "a", seq: 8 }).admission).toBe("stale");
    expect(t.admit({ epoch: "b", seq: 4 }).admission).toBe("deliver");
  });

  it("a recovered resume moves the position up to to_seq (live events follow strictly after)", () => {
    const t = createPositionTracker();
    t.admit({ epoch: "a", seq: 4 });
    const since = { epoch: "a", seq: 4 };
    expect(
      t.resumed(resumeReply({ recovered: true, epoch: "a", from_seq: 4, to_seq: 10 }), since),
    ).toBeUndefined();
    expect(t.position).toEqual({ epoch: "a", seq: 10 });
  });

  it("a resume not recovered in the same epoch is a gap and keeps the position (the last value is newer)", () => {
    const t = createPositionTracker();
    t.admit({ epoch: "a", seq: 4 });
    const gap = t.resumed(resumeReply({ recovered: false, epoch: "a", from_seq: 4, to_seq: 5000 }), {
      epoch: "a",
      seq: 4,
    });
    expect(gap).toEqual({
      reason: "not_recovered",
      epoch: "a",
      previous_epoch: "a",
      from_seq: 4,
      to_seq: 5000,
    });
    expect(t.admit({ epoch: "a", seq: 5000 }).admission).toBe("deliver");
  });

  it("a resume not recovered in a new epoch admits the new epoch from seq 1 without a second gap", () => {
    const t = createPositionTracker();
    t.admit({ epoch: "a", seq: 4 });
    const gap = t.resumed(resumeReply({ recovered: false, epoch: "b", from_seq: 4, to_seq: 2 }), {
      epoch: "a",
      seq: 4,
    });
    expect(gap).toMatchObject({ reason: "not_recovered", epoch: "b", previous_epoch: "a" });
    expect(t.admit({ epoch: "b", seq: 1 })).toEqual({ admission: "deliver" });
    expect(t.admit({ epoch: "a", seq: 5 }).admission).toBe("stale");
  });

  it('a resume answered with an empty channel (epoch "") forgets the position', () => {
    const t = createPositionTracker();
    t.admit({ epoch: "a", seq: 4 });
    t.resumed(resumeReply({ recovered: false, epoch: "", from_seq: 4, to_seq: 0 }), { epoch: "a", seq: 4 });
    expect(t.position).toBeUndefined();
    expect(t.admit({ epoch: "c", seq: 1 })).toEqual({ admission: "deliver" });
  });
});
