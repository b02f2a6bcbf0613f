import type { Meminfo } from "@wirewatch/protocol";
import { numberedLines, parseError } from "./parse-error.js";

const LINE = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+(kB))?\s*$/;

/**
 * Parses /proc/meminfo. Every non-empty line must be `Key: value [kB]`, and MemTotal must be
 * present; otherwise throws `WW_COLLECTOR_PARSE` naming the line (a truncated last line fails).
 */
export function parseMeminfo(text: string): Meminfo {
  const out: Meminfo = {};
  for (const { line, no } of numberedLines(text)) {
    const match = LINE.exec(line);
    if (!match) throw parseError(`line ${no}: '${line.trim()}' is not 'Key: value [kB]'`);
    const key = match[1]!.replace(/\(/g, "_").replace(/\)/g, "");
    const value = Number(match[2]);
    if (match[3] === "kB") out[`${key}_bytes`] = value * 1024;
    else out[key] = value;
  }
  if (out.MemTotal_bytes === undefined) throw parseError("no 'MemTotal' line");
  return out;
}

/** Memory figures derived from meminfo, in bytes. */
export interface MemorySummary {
  total: number;
  free: number;
  available: number;
  /** True when the kernel gave no MemAvailable (before 3.14) and it was estimated. */
  available_estimated: boolean;
  used: number;
  buffers: number;
  cached: number;
  swap_total: number;
  swap_free: number;
  swap_used: number;
}

/**
 * Summarises meminfo the way `free` and psutil do: used = total − available. Without a
 * MemAvailable line the estimate is MemFree + Active(file) + Inactive(file) + SReclaimable
 * (the page cache and reclaimable slab the kernel's own formula starts from, without its
 * watermark correction), or MemFree + Buffers + Cached on kernels without the file LRU lines.
 */
export function summarizeMemory(m: Meminfo): MemorySummary {
  const get = (key: string): number => m[key] ?? 0;
  const total = get("MemTotal_bytes");
  const free = get("MemFree_bytes");
  let available = m.MemAvailable_bytes;
  const estimated = available === undefined;
  if (available === undefined) {
    available =
      m.Active_file_bytes !== undefined
        ? free + get("Active_file_bytes") + get("Inactive_file_bytes") + get("SReclaimable_bytes")
        : free + get("Buffers_bytes") + get("Cached_bytes");
  }
  available = Math.min(available, total);
  const swapTotal = get("SwapTotal_bytes");
  const swapFree = Math.min(get("SwapFree_bytes"), swapTotal);
  return {
    total,
    free,
    available,
    available_estimated: estimated,
    used: total - available,
    buffers: get("Buffers_bytes"),
    cached: get("Cached_bytes"),
    swap_total: swapTotal,
    swap_free: swapFree,
    swap_used: swapTotal - swapFree,
  };
}
