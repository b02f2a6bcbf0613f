/** Percentiles of a list of numbers (sorted copy, nearest rank). */
export function percentiles(values, ranks = [50, 99]) {
  const sorted = Float64Array.from(values).sort();
  const out = {};
  for (const rank of ranks) {
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
    out[`p${rank}`] = sorted.length ? sorted[index] : Number.NaN;
  }
  out.max = sorted.length ? sorted[sorted.length - 1] : Number.NaN;
  out.count = sorted.length;
  return out;
}

/** Monotonic time in ms, comparable across processes on one Linux machine (CLOCK_MONOTONIC). */
export function monoMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

export { sampleStats as sampleData } from "../lib/sample-stats.mjs";
