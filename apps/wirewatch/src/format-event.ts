import type { BusEvent } from "@wirewatch/protocol";

/**
 * Renders one event as a line a person reads in a terminal (`wirewatch tail` without --json).
 * Known channels get a summary of their key figures; everything else falls back to compact JSON.
 * Pure: no colour codes, no clock; the caller decides where the line goes.
 */
export function formatEvent(ev: BusEvent): string {
  const time = ev.timestamp.slice(11, 19);
  return `${time} ${ev.host} ${ev.channel} ${summarize(ev.channel, ev.data)}`;
}

const pct = (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)}%` : "?");
const bytes = (v: unknown): string => {
  if (typeof v !== "number") return "?";
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let n = v;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
};
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function summarize(channel: string, raw: unknown): string {
  const d = rec(raw);
  switch (channel) {
    case "system.stats": {
      const load = Array.isArray(d.load_average) ? d.load_average.join(" ") : "?";
      const net = rec(d.network_io);
      return (
        `cpu ${pct(d.cpu_percent)} mem ${pct(d.memory_percent)} (${bytes(d.memory_used)}/${bytes(d.memory_total)})` +
        ` load ${load} net ↑${bytes(net.bytes_sent_per_sec)}/s ↓${bytes(net.bytes_recv_per_sec)}/s`
      );
    }
    case "storage.status": {
      const disks = Array.isArray(d.disks) ? d.disks.map(rec) : [];
      const list = disks.map((x) => `${String(x.mountpoint)} ${pct(x.used_percent)}`).join(", ");
      return `array ${String(d.array_status)}; ${list}`;
    }
    case "collector.status":
      return `${String(d.input)} ${String(d.state)}${d.error ? `: ${String(d.error)}` : ""}`;
    case "log":
      return `[${String(d.level)}] ${String(d.source)}: ${String(d.text)}`;
    default:
      if (typeof d.message === "string") return `${String(d.state ?? "")} ${d.message}`.trim();
      return JSON.stringify(raw);
  }
}
