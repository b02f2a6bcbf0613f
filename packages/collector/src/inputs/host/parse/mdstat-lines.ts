import type { MdSync, MdSyncAction } from "@wirewatch/protocol";
import { parseError } from "./parse-error.js";

export interface MdConfigLine {
  size_bytes: number | null;
  superblock: string | null;
  disks_total: number | null;
  disks_active: number | null;
  status: string | null;
}

/** Parses an array's second line: `5853468288 blocks super 1.2 level 6, … [8/8] [UUUUUUUU]`. */
export function parseMdConfigLine(line: string, lineNo: number): MdConfigLine {
  const blocks = /(\d+)\s+blocks\b/.exec(line);
  if (!blocks) throw parseError(`line ${lineNo}: no block count before 'blocks'`);
  const counts = /\[(\d+)\/(\d+)\]/.exec(line);
  const status = /\[([U_]+)\]/.exec(line);
  if (/\[[^\]]*$/.test(line)) throw parseError(`line ${lineNo}: unterminated '[' (truncated?)`);
  return {
    size_bytes: Number(blocks[1]) * 1024,
    superblock: /\bsuper\s+(\S+)/.exec(line)?.[1] ?? null,
    disks_total: counts ? Number(counts[1]) : null,
    disks_active: counts ? Number(counts[2]) : null,
    status: status ? status[1]! : null,
  };
}

const RUNNING =
  /\b(resync|recovery|check|repair|reshape)\s*=\s*(\d+(?:\.\d+)?)%\s*\((\d+)\/(\d+)\)(?:\s+finish=(\d+(?:\.\d+)?)min)?(?:\s+speed=(\d+)K\/sec)?/;
const WAITING = /\b(resync|recovery|check|repair|reshape)\s*=\s*(DELAYED|PENDING|REMOTE)\b/;

/**
 * Parses a progress line (`[=>…]  recovery =  8.5% (16775552/195310144) finish=17.0min
 * speed=259783K/sec`) or a waiting line (`resync=DELAYED`); null for any other line. A line
 * naming a sync action that matches neither form is garbled and throws.
 */
export function parseMdSyncLine(line: string, lineNo: number): MdSync | null {
  const running = RUNNING.exec(line);
  if (running) {
    return {
      action: running[1] as MdSyncAction,
      status: "running",
      percent: Number(running[2]),
      blocks_done: Number(running[3]),
      blocks_total: Number(running[4]),
      finish_seconds: running[5] === undefined ? null : Math.round(Number(running[5]) * 60),
      speed_bytes_per_sec: running[6] === undefined ? null : Number(running[6]) * 1024,
    };
  }
  const waiting = WAITING.exec(line);
  if (waiting) {
    return {
      action: waiting[1] as MdSyncAction,
      status: waiting[2]!.toLowerCase() as MdSync["status"],
      percent: null,
      blocks_done: null,
      blocks_total: null,
      finish_seconds: null,
      speed_bytes_per_sec: null,
    };
  }
  if (/\b(resync|recovery|check|repair|reshape)\s*=/.test(line)) {
    throw parseError(`line ${lineNo}: unreadable progress '${line.trim()}'`);
  }
  return null;
}

/** The one-word state of {@link MdArray.state}. */
export function mdArrayState(
  activity: "active" | "inactive",
  degraded: boolean,
  sync: MdSync | null,
): string {
  if (activity === "inactive") return "inactive";
  if (degraded) return "degraded";
  if (sync?.status === "running") return sync.action;
  return "active";
}
