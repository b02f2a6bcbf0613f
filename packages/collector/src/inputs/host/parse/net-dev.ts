import { numberedLines, parseError, uint } from "./parse-error.js";

/** One interface of /proc/net/dev, field names as node_exporter's `node_network_*_total`. */
export interface NetDevice {
  device: string;
  receive_bytes: number;
  receive_packets: number;
  receive_errs: number;
  receive_drop: number;
  receive_fifo: number;
  receive_frame: number;
  receive_compressed: number;
  receive_multicast: number;
  transmit_bytes: number;
  transmit_packets: number;
  transmit_errs: number;
  transmit_drop: number;
  transmit_fifo: number;
  transmit_colls: number;
  transmit_carrier: number;
  transmit_compressed: number;
}

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
export function parseNetDev(text: string): NetDevice[] {
  const out: NetDevice[] = [];
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
    const entry = { device } as NetDevice;
    FIELDS.forEach((field, i) => {
      entry[field] = uint(values[i], `${device} ${field}`, no);
    });
    out.push(entry);
  }
  return out;
}
