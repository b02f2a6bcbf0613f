import type { BusEvent } from "@wirewatch/protocol";

/** Where `diskspaceUpdate` comes from: the filesystem holding `path` (default `/`), of `host` when set. */
export interface DiskspaceSource {
  path: string;
  host?: string;
}

type Json = Record<string, unknown>;

/**
 * Turns bus events into Tvheadend notification objects (Tvheadend's comet WebSocket documentation), each
 * with its `notificationClass`:
 * - `storage.status` → `diskspaceUpdate` {freediskspace, useddiskspace, totaldiskspace} of the
 *   filesystem with the longest mountpoint that contains the configured path;
 * - `log` → `logmessage` {logtxt: "YYYY-MM-DD HH:MM:SS.mmm source: text"} in the gateway's local
 *   time, as Tvheadend writes its log;
 * - `gateway.clients` → one `subscriptions` object per connected client with the document's
 *   fields (numeric `id` stable per client, `start` in Unix seconds, `in`/`out` bytes per second
 *   since the previous list, `total_in`/`total_out` bytes, `updateEntry: 1`).
 * One instance per dialect: the hub encodes a live event once for every socket, so the per-client
 * rates are computed once per list.
 */
export class TvheadendMessages {
  private readonly ids = new Map<string, number>();
  private readonly previous = new Map<string, { in: number; out: number; atMs: number }>();
  private nextId = 1;

  constructor(private readonly disk: DiskspaceSource) {}

  /** The notification objects for one event (empty when the event is not one Tvheadend shows). */
  messages(event: BusEvent): Json[] {
    const data = event.data as Json;
    if (event.channel === "storage.status") return this.diskspace(event.host, data);
    if (event.channel === "log")
      return [{ notificationClass: "logmessage", logtxt: logText(event.timestamp, data) }];
    if (event.channel === "gateway.clients") return this.subscriptions(event.timestamp, data);
    return [];
  }

  private diskspace(host: string, data: Json): Json[] {
    if (this.disk.host !== undefined && this.disk.host !== host) return [];
    const disks = Array.isArray(data.disks) ? (data.disks as Json[]) : [];
    const fs = holding(disks, this.disk.path);
    if (!fs) return [];
    return [
      {
        freediskspace: num(fs.free),
        useddiskspace: num(fs.used),
        totaldiskspace: num(fs.total),
        notificationClass: "diskspaceUpdate",
      },
    ];
  }

  private subscriptions(timestamp: string, data: Json): Json[] {
    const clients = Array.isArray(data.clients) ? (data.clients as Json[]) : [];
    const atMs = Date.parse(timestamp);
    if (this.ids.size > 10_000) {
      this.ids.clear();
      this.previous.clear();
    }
    return clients.map((client) => {
      const key = String(client.id);
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.nextId++;
        this.ids.set(key, id);
      }
      const totalIn = num(client.bytes_in);
      const totalOut = num(client.bytes_out);
      const before = this.previous.get(key);
      this.previous.set(key, { in: totalIn, out: totalOut, atMs });
      const seconds = before ? (atMs - before.atMs) / 1000 : 0;
      const rate = (now: number, then: number) =>
        seconds > 0 ? Math.max(0, Math.round((now - then) / seconds)) : 0;
      const channels = Array.isArray(client.channels) ? (client.channels as unknown[]).map(String) : [];
      return {
        id,
        start: Math.floor(Date.parse(String(client.start)) / 1000) || 0,
        errors: 0,
        state: "Running",
        hostname: String(client.address ?? ""),
        client: String(client.user_agent ?? ""),
        title: String(client.dialect ?? ""),
        channel: channels.join(", "),
        in: before ? rate(totalIn, before.in) : 0,
        out: before ? rate(totalOut, before.out) : 0,
        total_in: totalIn,
        total_out: totalOut,
        updateEntry: 1,
        notificationClass: "subscriptions",
      };
    });
  }
}

function holding(disks: Json[], path: string): Json | undefined {
  let best: Json | undefined;
  for (const disk of disks) {
    const mount = String(disk.mountpoint ?? "");
    const contains = mount === "/" || path === mount || path.startsWith(`${mount}/`);
    if (contains && (!best || mount.length > String(best.mountpoint).length)) best = disk;
  }
  return best;
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2024-03-06 11:06:14.444 source: text" in local time. */
export function logText(timestamp: string, data: Json): string {
  const d = new Date(timestamp);
  const stamp =
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return `${stamp} ${String(data.source ?? "wirewatch")}: ${String(data.text ?? "")}`;
}
