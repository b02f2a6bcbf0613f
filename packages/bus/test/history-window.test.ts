import { describe, expect, it } from "vitest";
import { planHistory } from "../src/history-window.js";

// Retained: seqs 11..20 of epoch "e" (head 20, 10 retained).
const plan = (since: { seq: number; epoch: string } | undefined, limit = 100) =>
  planHistory(20, 10, "e", since, limit);

describe("planHistory", () => {
  it("without a resume point returns the newest events, recovered", () => {
    expect(plan(undefined)).toEqual({ recovered: true, fromSeq: 11, count: 10 });
    expect(plan(undefined, 3)).toEqual({ recovered: true, fromSeq: 18, count: 3 });
  });

  it("resumes right after the point while it is inside the window", () => {
    expect(plan({ seq: 10, epoch: "e" })).toEqual({ recovered: true, fromSeq: 11, count: 10 });
    expect(plan({ seq: 15, epoch: "e" }, 2)).toEqual({ recovered: true, fromSeq: 16, count: 2 });
    expect(plan({ seq: 20, epoch: "e" })).toEqual({ recovered: true, fromSeq: 21, count: 0 });
  });

  it("is not recovered before the window, ahead of the head or in another epoch", () => {
    const newest = { recovered: false, fromSeq: 11, count: 10 };
    expect(plan({ seq: 9, epoch: "e" })).toEqual(newest);
    expect(plan({ seq: 21, epoch: "e" })).toEqual(newest);
    expect(plan({ seq: 15, epoch: "other" })).toEqual(newest);
  });

  it("handles an empty channel", () => {
    expect(planHistory(0, 0, "e", undefined, 5)).toEqual({ recovered: true, fromSeq: 1, count: 0 });
    expect(planHistory(0, 0, "e", { seq: 0, epoch: "e" }, 5)).toEqual({
      recovered: true,
      fromSeq: 1,
      count: 0,
    });
    expect(planHistory(0, 0, "e", { seq: 3, epoch: "e" }, 5).recovered).toBe(false);
  });
});
