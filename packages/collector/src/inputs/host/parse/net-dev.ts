import type { NetDeviceCounters } from "@wirewatch/protocol";
import { numberedLines, parseError, uint } from "./parse-error.js";

const FIELDS = [
  "receive_bytes",
  "receive_packets",
  "receive_errs",
  "receive_drop",
  "receive_fifo",
  "receive_frame",
  "receive_compressed",
  "receive_multicast",
  "transmit_bytes",
  "transmit_packets",
  "transmit_errs",
  "transmit_drop",
  "transmit_fifo",
  "transmit_colls",
  "transmit_carrier",
  "transmit_compressed",
] as const;

/**
 * Parses /proc/net/dev: two header lines, then `name: 16 counters` per interface (long names
 * run into the first counter: `vethf345468:     648`). Throws `WW_COLLECTOR_PARSE` naming
 * the line when a line has no `name:` or not exactly 16 counters.
 */
export function parseNetDev(text: string): NetDeviceCounters[] {
  const out: NetDeviceCounters[] = [];
  for (const { line, no } of numberedLines(text)) {
    if (line.includes("|")) continue; // the two header lines
    const colon = line.indexOf(":");
    if (colon === -1) throw parseError(`line ${no}: no 'interface:' prefix`);
    const device = line.slice(0, colon).trim();
    const values = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (device.length === 0) throw parseError(`line ${no}: empty interface name`);
    if (values.length !== FIELDS.length) {
      throw parseError(`line ${no}: ${device} has ${values.length} counters, ${FIELDS.length} expected`);
    }
    const entry = { device } as NetDeviceCounters;
    FIELDS.forEach((field, i) => {
      entry[field] = uint(values[i], `${device} ${field}`, no);
    });
    out.push(entry);
  }
  return out;
}
