import type { DiskCounters } from "@wirewatch/protocol";
import { numberedLines, parseError, uint } from "./parse-error.js";

/** Bytes per /proc/diskstats sector: always 512, whatever the device's real sector size. */
export const DISKSTATS_SECTOR_BYTES = 512;

/**
 * Parses /proc/diskstats (Documentation/admin-guide/iostats.rst): `major minor name` followed
 * by 11 (≥ 2.6.25), 15 (≥ 4.18) or 17 (≥ 5.5) counters. Throws `WW_COLLECTOR_PARSE` naming
 * the line on fewer than 11 counters or a non-numeric one.
 */
export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = [];
  for (const { line, no } of numberedLines(text)) {
    const f = line.trim().split(/\s+/);
    const device = f[2];
    if (device === undefined || f.length < 14) {
      throw parseError(`line ${no}: ${f.length} fields, at least 14 expected (truncated?)`);
    }
    const n = (i: number, what: string): number => uint(f[i], `${device} ${what}`, no);
    const opt = (i: number, what: string, scale = 1): number | null =>
      f.length > i ? n(i, what) * scale : null;
    out.push({
      major: n(0, "major"),
      minor: n(1, "minor"),
      device,
      reads_completed: n(3, "reads completed"),
      reads_merged: n(4, "reads merged"),
      read_bytes: n(5, "sectors read") * DISKSTATS_SECTOR_BYTES,
      read_time_seconds: n(6, "ms reading") / 1000,
      writes_completed: n(7, "writes completed"),
      writes_merged: n(8, "writes merged"),
      written_bytes: n(9, "sectors written") * DISKSTATS_SECTOR_BYTES,
      write_time_seconds: n(10, "ms writing") / 1000,
      io_now: n(11, "I/Os in progress"),
      io_time_seconds: n(12, "ms doing I/O") / 1000,
      io_time_weighted_seconds: n(13, "weighted ms doing I/O") / 1000,
      discards_completed: opt(14, "discards completed"),
      discards_merged: opt(15, "discards merged"),
      discarded_bytes: opt(16, "sectors discarded", DISKSTATS_SECTOR_BYTES),
      discard_time_seconds: opt(17, "ms discarding", 1 / 1000),
      flush_requests: opt(18, "flush requests"),
      flush_time_seconds: opt(19, "ms flushing", 1 / 1000),
    });
  }
  return out;
}
