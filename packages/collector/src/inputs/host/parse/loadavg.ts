import { parseError, udecimal, uint } from "./parse-error.js";

export interface Loadavg {
  load: [number, number, number];
  /** Runnable scheduling entities right now (first half of `r/t`). */
  runnable: number | null;
  /** Scheduling entities (threads) that exist (second half of `r/t`). */
  entities: number | null;
}

/**
 * Parses /proc/loadavg: `0.21 0.37 0.39 1/719 19737`. The three averages are required; the
 * `r/t` field is optional (absent on some emulated /proc implementations).
 */
export function parseLoadavg(text: string): Loadavg {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 3)
    throw parseError(`line 1: ${fields.length} fields, at least 3 load averages expected`);
  const load: [number, number, number] = [
    udecimal(fields[0], "1-minute load", 1),
    udecimal(fields[1], "5-minute load", 1),
    udecimal(fields[2], "15-minute load", 1),
  ];
  const rt = fields[3]?.split("/");
  if (rt && rt.length === 2) {
    return { load, runnable: uint(rt[0], "runnable", 1), entities: uint(rt[1], "entities", 1) };
  }
  return { load, runnable: null, entities: null };
}

/** Parses /proc/uptime (`16072645.20 192637915.46`): seconds since boot, and idle seconds. */
export function parseUptime(text: string): { uptime: number; idle: number | null } {
  const fields = text.trim().split(/\s+/);
  const uptime = udecimal(fields[0] === "" ? undefined : fields[0], "uptime", 1);
  return { uptime, idle: fields[1] === undefined ? null : udecimal(fields[1], "idle", 1) };
}
