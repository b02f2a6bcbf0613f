// N synthetic hosts for bench:exporter, made from the exporter's recorded-shaped test events
// (packages/exporter/test/fixtures: a system.stats recorded from a real 2-CPU host through the
// collector's parsers, and a storage.status), so every host publishes what a host collector
// publishes — the whole payload, not only the counters the exporter reads.
import { readFileSync } from "node:fs";
import { hostStatsFamilies, storageFamilies } from "../../packages/exporter/dist/index.js";

const fixture = (name) =>
  JSON.parse(
    readFileSync(new URL(`../../packages/exporter/test/fixtures/${name}.json`, import.meta.url), "utf8"),
  );
const STATS = fixture("system-stats");
const STORAGE = fixture("storage-status");

export const hostName = (i) => `bench-host-${String(i).padStart(4, "0")}`;

/**
 * Host `i`'s `tick`-th system.stats draft: the recorded payload with its cumulative counters
 * advanced per host and tick (so values differ between hosts and scrapes, as real ones do).
 */
export function statsDraft(i, tick) {
  const data = structuredClone(STATS.data);
  const c = data.counters;
  for (const cpu of c.cpu) {
    cpu.user += i * 17.3 + tick * 0.61;
    cpu.system += i * 3.1 + tick * 0.17;
    cpu.idle += i * 41.9 + tick * 1.07;
  }
  for (const dev of c.network) {
    dev.receive_bytes += i * 7919 + tick * 131_072;
    dev.transmit_bytes += i * 104_729 + tick * 65_536;
    dev.receive_packets += i + tick * 97;
    dev.transmit_packets += i + tick * 61;
  }
  for (const disk of c.disks) {
    disk.read_bytes += i * 4096 + tick * 8192;
    disk.written_bytes += i * 8192 + tick * 16_384;
  }
  c.context_switches += i * 1000 + tick * 2500;
  c.interrupts += i * 500 + tick * 1200;
  data.load_average = [((i + tick) % 400) / 100, ((i * 3 + tick) % 300) / 100, (i % 200) / 100];
  data.uname = { ...data.uname, nodename: hostName(i) };
  return { channel: "system.stats", host: hostName(i), timestamp: new Date().toISOString(), data };
}

/** Host `i`'s storage.status draft (the recorded filesystems, free space varied per host). */
export function storageDraft(i, tick) {
  const data = structuredClone(STORAGE.data);
  for (const disk of data.disks ?? []) {
    if (typeof disk.free === "number" && disk.free > 1e6) disk.free -= (i * 4096 + tick * 512) % 1e6;
  }
  return { channel: "storage.status", host: hostName(i), timestamp: new Date().toISOString(), data };
}

/** Series one synthetic host contributes (the exporter's own translation of the two events). */
export function seriesPerHost() {
  const blocks = [
    ...hostStatsFamilies(hostName(0), statsDraft(0, 0).data, 0),
    ...storageFamilies(hostName(0), storageDraft(0, 0).data),
  ];
  return blocks.reduce((n, b) => n + b.text.split("\n").length - 1, 0);
}
