import type { ResumePoint } from "./bus.js";

/** Which retained events answer a `history()` call. */
export interface HistoryPlan {
  recovered: boolean;
  /** Seq of the first event to return. */
  fromSeq: number;
  /** How many events to return, starting at `fromSeq`. */
  count: number;
}

/**
 * The one rule both engines use to answer `history()` (the Lua script in redis-scripts.ts mirrors
 * it line by line — change both together).
 *
 * Retained events are the contiguous seqs `head - retained + 1 .. head` of the current epoch.
 * A resume point in the current epoch with `seq` in `[head - retained, head]` is recovered: the
 * page starts right after it. Anything else — no resume point, another epoch, a seq older than the
 * window or ahead of the channel — answers with the newest `limit` events; only the first case is
 * called recovered.
 */
export function planHistory(
  head: number,
  retained: number,
  epoch: string,
  since: ResumePoint | undefined,
  limit: number,
): HistoryPlan {
  const oldest = head - retained + 1;
  if (since !== undefined && since.epoch === epoch && since.seq <= head && since.seq + 1 >= oldest) {
    return { recovered: true, fromSeq: since.seq + 1, count: Math.min(limit, head - since.seq) };
  }
  const count = Math.min(limit, retained);
  return { recovered: since === undefined, fromSeq: head - count + 1, count };
}
