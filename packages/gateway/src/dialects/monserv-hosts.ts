import type { BusEvent } from "@wirewatch/protocol";
import { maskCredentials } from "./mask-credentials.js";

/** One entry of MonServ's `metrics_update.data`, in the seed document's field names. */
export interface MonServHost {
  hostname: string;
  uptimeSeconds: number;
  cpu: { usedPercent: number; cores: number | null; load1: number; load5: number; load15: number };
  memory: { total: number; used: number; free: number; usedPercent: number };
  disks: MonServDisk[];
  topProcsByMem: MonServProcess[];
  generatedAtUtc: string;
}

export interface MonServDisk {
  device: string;
  mountpoint: string;
  fstype: string;
  total: number;
  used: number;
  free: number;
  usedPercent: number;
}

export interface MonServProcess {
  pid: number;
  name: string;
  username: string;
  rssBytes: number;
  percentRAM: number;
  cmdline: string;
}

interface Entry {
  host: MonServHost | undefined;
  seq: Record<string, number>;
  seenAtMs: number;
}

/** Channels whose latest value feeds MonServ's per-host view. */
export const MONSERV_METRIC_CHANNELS = ["storage.status", "system.processes", "system.stats"] as const;

/**
 * The latest view of every monitored host that MonServ's `metrics_update` carries, built from
 * `system.stats`, `storage.status` and `system.processes` events. One instance per dialect,
 * shared by its sockets: it is fed by the dialect's `encode`, which the hub calls once per live
 * event and the session once per snapshot or replayed event, so an update is applied only when
 * its seq is newer than what the entry holds (replays and snapshots never regress a host).
 * Hosts silent for `staleAfterMs` are dropped.
 *
 * Keys: the event's `data.source` identity with its password masked when the collector gives
 * one (SSH targets: `ssh://user:***@host:port`), else `local://<host>`.
 */
export class MonServHosts {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly staleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Applies the event when it is newer than what the host holds. True for a `system.stats` event
   * at least as new as the host's (a polling round ended, or a socket's snapshot of the latest
   * round: a client connecting while others watch gets the current view at once).
   */
  apply(event: BusEvent): boolean {
    const data = event.data as Record<string, unknown>;
    const key = serverKey(event.host, data);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { host: undefined, seq: {}, seenAtMs: 0 };
      this.entries.set(key, entry);
    }
    const held = entry.seq[event.channel] ?? -1;
    if (held > event.seq) return false;
    if (held === event.seq) return event.channel === "system.stats";
    entry.seq[event.channel] = event.seq;
    entry.seenAtMs = this.now();
    entry.host ??= emptyHost(event.host);
    const host = entry.host;
    if (event.channel === "system.stats") {
      Object.assign(host, fromStats(event.host, data, event.timestamp));
      return true;
    }
    if (event.channel === "storage.status") host.disks = disksOf(data);
    else if (event.channel === "system.processes") host.topProcsByMem = procsOf(data);
    return false;
  }

  /** `metrics_update.data`: hosts that have reported `system.stats`, fresh ones only. */
  snapshot(): Record<string, MonServHost> {
    const out: Record<string, MonServHost> = {};
    const oldest = this.now() - this.staleAfterMs;
    for (const [key, entry] of this.entries) {
      if (entry.seenAtMs < oldest) {
        this.entries.delete(key);
        continue;
      }
      if (entry.host && entry.seq["system.stats"] !== undefined) out[key] = entry.host;
    }
    return out;
  }
}

export function serverKey(host: string, data: Record<string, unknown>): string {
  return typeof data.source === "string" && data.source !== ""
    ? maskCredentials(data.source)
    : `local://${host}`;
}

function emptyHost(hostname: string): MonServHost {
  return {
    hostname,
    uptimeSeconds: 0,
    cpu: { usedPercent: 0, cores: null, load1: 0, load5: 0, load15: 0 },
    memory: { total: 0, used: 0, free: 0, usedPercent: 0 },
    disks: [],
    topProcsByMem: [],
    generatedAtUtc: new Date(0).toISOString(),
  };
}

const num = (value: unknown, fallback = 0): number =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;
const str = (value: unknown): string => (typeof value === "string" ? value : "");

function fromStats(host: string, data: Record<string, unknown>, timestamp: string): Partial<MonServHost> {
  const total = num(data.memory_total);
  const used = num(data.memory_used);
  const load = Array.isArray(data.load_average) ? data.load_average : [];
  return {
    hostname: str(data.hostname) || host,
    uptimeSeconds: Math.floor(num(data.uptime)),
    cpu: {
      usedPercent: num(data.cpu_percent),
      cores: typeof data.cpu_count === "number" ? data.cpu_count : null,
      load1: num(load[0]),
      load5: num(load[1]),
      load15: num(load[2]),
    },
    memory: { total, used, free: Math.max(0, total - used), usedPercent: num(data.memory_percent) },
    generatedAtUtc: timestamp,
  };
}

function disksOf(data: Record<string, unknown>): MonServDisk[] {
  if (!Array.isArray(data.disks)) return [];
  return data.disks.map((d: Record<string, unknown>) => ({
    device: str(d.device),
    mountpoint: str(d.mountpoint),
    fstype: str(d.fstype),
    total: num(d.total),
    used: num(d.used),
    free: num(d.free),
    usedPercent: num(d.used_percent),
  }));
}

function procsOf(data: Record<string, unknown>): MonServProcess[] {
  if (!Array.isArray(data.by_memory)) return [];
  return data.by_memory.map((p: Record<string, unknown>) => ({
    pid: num(p.pid),
    name: str(p.name),
    username: str(p.username),
    rssBytes: num(p.rss_bytes),
    percentRAM: num(p.percent_ram),
    cmdline: str(p.cmdline),
  }));
}
