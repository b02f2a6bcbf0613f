// A fixed-bucket latency histogram that merges across processes: 10 µs buckets up to 100 ms,
// 1 ms buckets up to 10 s, then one overflow bucket. Percentiles are read at the bucket's upper
// edge (never optimistic by more than one bucket width).
const FINE = 10_000; // 0–100 ms in 10 µs
const COARSE = 9_900; // 100 ms–10 s in 1 ms
const SIZE = FINE + COARSE + 1;

export function createHistogram() {
  const counts = new Uint32Array(SIZE);
  let n = 0;
  let max = 0;
  let sum = 0;
  return {
    record(ms) {
      const v = Math.max(ms, 0);
      const i = v < 100 ? Math.floor(v * 100) : v < 10_000 ? FINE + Math.floor(v - 100) : SIZE - 1;
      counts[i]++;
      n++;
      sum += v;
      if (v > max) max = v;
    },
    get count() {
      return n;
    },
    /** Sparse form for IPC: [[index, count], ...]. */
    toJSON() {
      const sparse = [];
      for (let i = 0; i < SIZE; i++) if (counts[i]) sparse.push([i, counts[i]]);
      return { sparse, n, max, sum };
    },
  };
}

/** Merges sparse histograms and reads percentiles (ranks like 50, 99, 99.9). */
export function mergePercentiles(parts, ranks = [50, 99, 99.9]) {
  const counts = new Float64Array(SIZE);
  let n = 0;
  let max = 0;
  let sum = 0;
  for (const part of parts) {
    for (const [i, c] of part.sparse) counts[i] += c;
    n += part.n;
    sum += part.sum;
    if (part.max > max) max = part.max;
  }
  const upper = (i) => (i < FINE ? (i + 1) / 100 : i < SIZE - 1 ? 100 + (i - FINE + 1) : max);
  const out = { count: n, max, mean: n ? sum / n : Number.NaN };
  for (const rank of ranks) {
    const target = Math.ceil((rank / 100) * n);
    let seen = 0;
    let value = Number.NaN;
    for (let i = 0; i < SIZE && n > 0; i++) {
      seen += counts[i];
      if (seen >= target) {
        value = Math.min(upper(i), max);
        break;
      }
    }
    out[`p${rank}`] = value;
  }
  return out;
}
