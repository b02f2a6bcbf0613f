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

/** A representative system.stats sample (about the size a host collector publishes). */
export function sampleData(i) {
  return {
    cpu_percent: 25.5,
    memory_percent: 41.2,
    memory_used: 6_912_345_088,
    memory_total: 16_777_216_000,
    uptime: 1_234_567 + i,
    load_average: [0.42, 0.38, 0.31],
    network_io: {
      bytes_sent: 123_456_789 + i,
      bytes_recv: 987_654_321 + i,
      sent_per_s: 1024,
      recv_per_s: 4096,
    },
    swap: { used: 0, total: 2_147_483_648 },
    per_core: [21.0, 30.1, 18.7, 32.2],
  };
}
