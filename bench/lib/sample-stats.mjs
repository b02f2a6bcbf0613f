/**
 * A representative system.stats sample (about the size a host collector publishes without its
 * cumulative counters), shared by the benchmarks so they measure the same payload.
 */
export function sampleStats(i) {
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
    cpu_per_core: [21.0, 30.1, 18.7, 32.2],
  };
}
