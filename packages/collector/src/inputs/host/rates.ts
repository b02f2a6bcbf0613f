import { CPU_MODES, type CpuTicks } from "./parse/stat.js";

/** Rounds to 2 decimals (percentages and rates on the wire). */
export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Increase of a cumulative counter; a decrease (reset, wrap, re-created device) counts as 0. */
export const increase = (previous: number, current: number): number => Math.max(0, current - previous);

/**
 * Share of CPU time spent busy between two readings, 0–100: 100 × Δ(total − idle − iowait) /
 * Δtotal, where total = user+nice+system+idle+iowait+irq+softirq+steal. 0 when no time passed.
 * Each mode's delta is clamped at 0 (iowait is known to step backwards on some kernels).
 */
export function cpuBusyPercent(previous: CpuTicks, current: CpuTicks): number {
  let total = 0;
  let idle = 0;
  for (const mode of CPU_MODES) {
    const delta = increase(previous[mode], current[mode]);
    total += delta;
    if (mode === "idle" || mode === "iowait") idle += delta;
  }
  return total > 0 ? round2(((total - idle) / total) * 100) : 0;
}

/** Share of each mode between two readings, 0–100 each (all 0 when no time passed). */
export function cpuModePercents(
  previous: CpuTicks,
  current: CpuTicks,
): Record<(typeof CPU_MODES)[number], number> {
  const deltas = CPU_MODES.map((mode) => increase(previous[mode], current[mode]));
  const total = deltas.reduce((a, b) => a + b, 0);
  const out = {} as Record<(typeof CPU_MODES)[number], number>;
  CPU_MODES.forEach((mode, i) => {
    out[mode] = total > 0 ? round2((deltas[i]! / total) * 100) : 0;
  });
  return out;
}

/** Per-second rate of a counter over `seconds`; 0 when there is no previous reading. */
export function perSecond(previous: number | undefined, current: number, seconds: number): number {
  if (previous === undefined || seconds <= 0) return 0;
  return round2(increase(previous, current) / seconds);
}
