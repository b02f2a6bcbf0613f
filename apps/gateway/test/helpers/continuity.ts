import type { Frame } from "./stream-client.js";

/** A discontinuity in one client's stream of a channel. */
export interface Gap {
  kind: "seq" | "epoch";
  after: { seq: number; epoch: string };
  next: { seq: number; epoch: string };
  /** The client reported it (a `gap` event: `recovered: false` on resume, or an epoch change). */
  reported: boolean;
}

export interface Continuity {
  /** Events delivered (with duplicates). */
  delivered: number;
  /** Distinct (epoch, seq) events. */
  unique: number;
  /** Deliveries of an (epoch, seq) already delivered. */
  duplicates: number;
  /** A same-epoch seq lower than one already delivered (a regress, not a duplicate). */
  regressions: number;
  /** Events delivered with `recovered: true` (replayed after a resume). */
  replayed: number;
  gaps: Gap[];
  first?: { seq: number; epoch: string };
  last?: { seq: number; epoch: string };
  /** Epochs in the order they appeared. */
  epochs: string[];
}

/**
 * Checks one client's stream of `channel` after de-duplication by (epoch, seq): inside an epoch
 * every seq follows the previous one; a jump is a `seq` gap, a new epoch an `epoch` gap; either is
 * `reported` when the client reported a gap for the channel in between (@wirewatch/client's `gap`
 * event: the gateway's `resume {recovered:false}`, or a live epoch change). Replays
 * (`recovered:true`) are counted; they fill what a reconnect missed, so they leave no gap.
 */
export function continuity(frames: readonly Frame[], channel: string): Continuity {
  const seen = new Set<string>();
  const result: Continuity = {
    delivered: 0,
    unique: 0,
    duplicates: 0,
    regressions: 0,
    replayed: 0,
    gaps: [],
    epochs: [],
  };
  let reported = false;
  let prev: { seq: number; epoch: string } | undefined;
  for (const frame of frames) {
    if (frame.type === "gap" && frame.channel === channel) reported = true;
    if (
      frame.type === "gap" ||
      frame.channel !== channel ||
      typeof frame.seq !== "number" ||
      typeof frame.epoch !== "string"
    )
      continue;
    result.delivered++;
    const key = `${frame.epoch}:${frame.seq}`;
    if (seen.has(key)) {
      result.duplicates++;
      continue;
    }
    seen.add(key);
    if (frame.recovered === true) result.replayed++;
    const point = { seq: frame.seq, epoch: frame.epoch };
    if (prev && prev.epoch === point.epoch && point.seq < prev.seq) {
      result.regressions++;
      continue;
    }
    result.unique++;
    if (!result.epochs.includes(point.epoch)) result.epochs.push(point.epoch);
    if (prev && prev.epoch !== point.epoch)
      result.gaps.push({ kind: "epoch", after: prev, next: point, reported });
    else if (prev && point.seq !== prev.seq + 1)
      result.gaps.push({ kind: "seq", after: prev, next: point, reported });
    result.first ??= point;
    prev = point;
    reported = false;
  }
  if (prev) result.last = prev;
  return result;
}
