import { ALERT_CHANNELS, type AlertChannel, type BusEvent } from "@wirewatch/protocol";
import type { FamilyBlock } from "./family-builder.js";
import { type HostStatsData, hostStatsFamilies } from "./host-stats-families.js";
import { type StorageData, storageFamilies } from "./storage-families.js";
import { type UpsData, upsFamilies } from "./ups-families.js";
import {
  type AlertData,
  alertFamilies,
  type CollectorStatusData,
  collectorStatusFamilies,
} from "./wirewatch-families.js";

/** Channels the exporter subscribes to. */
export const EXPORTED_CHANNELS = [
  "system.stats",
  "storage.status",
  "infrastructure.status",
  "collector.status",
  ...ALERT_CHANNELS,
] as const;

/**
 * Channels whose retained history the exporter reads when it starts: their events are sparse
 * (a status repeated every few intervals, an alert sent once when it fires), so without the
 * history a restarted exporter would not show an alert that is firing now.
 */
export const REPLAYED_CHANNELS = ["collector.status", ...ALERT_CHANNELS] as const;

/** How the store ages a source's record (see SeriesStore.replace). */
export interface SourceAging {
  followsHost: boolean;
  maxAgeMs: number;
}

/** Status repeats of an input (the scheduler's `statusEveryIntervals`, 10) a status outlives. */
const STATUS_REPEATS_KEPT = 25;

/**
 * How `event`'s source ages: alerts are sent once when they change, so they live as long as
 * anything else of their host does; a collector status is repeated every 10 of its input's
 * intervals, so it lives 25 intervals (at least `staleAfterMs`) — a slow input's status does not
 * flicker, and a removed input's last status goes away. Everything else: `staleAfterMs`.
 */
export function sourceAging(event: BusEvent, source: string, staleAfterMs: number): SourceAging {
  if (source.startsWith("alert:")) return { followsHost: true, maxAgeMs: staleAfterMs };
  if (source.startsWith("collector:")) {
    const interval = (event.data as CollectorStatusData).interval_ms;
    const repeats =
      typeof interval === "number" && Number.isFinite(interval) ? interval * STATUS_REPEATS_KEPT : 0;
    return { followsHost: false, maxAgeMs: Math.max(staleAfterMs, repeats) };
  }
  return { followsHost: false, maxAgeMs: staleAfterMs };
}

/**
 * The source an event updates — `system.stats`, `storage.status` or `ups:<name>` — or undefined
 * for events the exporter does not translate (other channels, data that is not an object,
 * infrastructure.status without a named UPS). Also `collector:<input>` for `collector.status`
 * and `alert:<alert_id>` for the alert channels. A newer event of the same host and source
 * replaces everything an older one contributed.
 */
export function eventSource(event: BusEvent): string | undefined {
  if (!event.data || typeof event.data !== "object") return undefined;
  switch (event.channel) {
    case "system.stats":
    case "storage.status":
      return event.channel;
    case "infrastructure.status": {
      const name = (event.data as UpsData).ups?.name;
      return name ? `ups:${name}` : undefined;
    }
    case "collector.status": {
      const input = (event.data as CollectorStatusData).input;
      return typeof input === "string" && input !== "" ? `collector:${input}` : undefined;
    }
    default: {
      if (!isAlertChannel(event.channel)) return undefined;
      const data = event.data as AlertData;
      return `alert:${data.alert_id ?? `${event.channel}:${data.rule ?? ""}:${data.key ?? ""}`}`;
    }
  }
}

/** The families of one event of a source `eventSource` accepted (pure; may throw on odd data). */
export function translateEvent(event: BusEvent): FamilyBlock[] {
  switch (event.channel) {
    case "system.stats":
      return hostStatsFamilies(event.host, event.data as HostStatsData, Date.parse(event.timestamp) / 1000);
    case "storage.status":
      return storageFamilies(event.host, event.data as StorageData);
    case "infrastructure.status":
      return upsFamilies(event.host, event.data as UpsData);
    case "collector.status":
      return collectorStatusFamilies(event.host, event.data as CollectorStatusData);
    default:
      return isAlertChannel(event.channel)
        ? alertFamilies(event.host, event.channel, event.data as AlertData)
        : [];
  }
}

/** The alert engine's channels (DESIGN §3), exported as `wirewatch_alert_active`. */
function isAlertChannel(channel: string): channel is AlertChannel {
  return (ALERT_CHANNELS as readonly string[]).includes(channel);
}
