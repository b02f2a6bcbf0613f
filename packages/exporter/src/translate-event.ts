import {
  ALERT_CHANNELS,
  type AlertPayload,
  type BusEvent,
  type CollectorStatus,
  type InfrastructureStatus,
  type StorageStatus,
  type SystemStats,
} from "@wirewatch/protocol";
import type { FamilyBlock } from "./family-builder.js";
import { hostStatsFamilies } from "./host-stats-families.js";
import { storageFamilies } from "./storage-families.js";
import { upsFamilies } from "./ups-families.js";
import { alertFamilies, collectorStatusFamilies } from "./wirewatch-families.js";

/** How the store ages a source's record (see SeriesStore.replace). */
export interface SourceAging {
  followsHost: boolean;
  maxAgeMs: number;
}

/**
 * What the exporter does with one channel's events, typed by the channel's payload in
 * @wirewatch/protocol. The bus does not check payloads, so every translation still reads them
 * defensively (a part missing is skipped).
 */
interface ChannelExport<T> {
  /**
   * The source an event updates (`system.stats`, `ups:<name>`, …), or undefined for an event not
   * translated. A newer event of the same host and source replaces everything an older one
   * contributed.
   */
  source(data: T, channel: string): string | undefined;
  /** The families of one event whose source was accepted (pure; may throw on odd data). */
  families(event: BusEvent<T>): FamilyBlock[];
  /** How the source ages; default: gone `staleAfterMs` after its last event. */
  aging?(data: T, staleAfterMs: number): SourceAging;
  /**
   * The channel's retained history is read at start: its events are sparse (a status repeated
   * every few intervals, an alert sent once when it fires), so without it a restarted exporter
   * would not show an alert that is firing now.
   */
  replayed?: true;
}

/** A row of {@link EXPORTS}, typed by its channel's payload where it is written. */
const row = <T>(spec: ChannelExport<T>) => spec as ChannelExport<unknown>;

/** Status repeats of an input (the scheduler's `statusEveryIntervals`, 10) a status outlives. */
const STATUS_REPEATS_KEPT = 25;

/**
 * The alert engine's channels (architecture §3), exported as `wirewatch_alert_active`. Alerts are sent
 * once when they change, so they live as long as anything else of their host does.
 */
const alertExport = row<AlertPayload>({
  source: (data, channel) => `alert:${data.alert_id ?? `${channel}:${data.rule ?? ""}:${data.key ?? ""}`}`,
  families: (event) => alertFamilies(event.host, event.channel, event.data),
  aging: (_data, staleAfterMs) => ({ followsHost: true, maxAgeMs: staleAfterMs }),
  replayed: true,
});

/** Every channel the exporter subscribes to, and what it does with its events: one row each. */
const EXPORTS = new Map<string, ChannelExport<unknown>>(
  Object.entries({
    "system.stats": row<SystemStats>({
      source: () => "system.stats",
      families: (event) => hostStatsFamilies(event.host, event.data, Date.parse(event.timestamp) / 1000),
    }),
    "storage.status": row<StorageStatus>({
      source: () => "storage.status",
      families: (event) => storageFamilies(event.host, event.data),
    }),
    "infrastructure.status": row<InfrastructureStatus>({
      // One source per UPS; nothing without a named UPS.
      source: (data) => (data.ups?.name ? `ups:${data.ups.name}` : undefined),
      families: (event) => upsFamilies(event.host, event.data),
    }),
    "collector.status": row<CollectorStatus>({
      source: (data) =>
        typeof data.input === "string" && data.input !== "" ? `collector:${data.input}` : undefined,
      families: (event) => collectorStatusFamilies(event.host, event.data),
      // Repeated every 10 of its input's intervals, a status lives 25 of them (at least
      // `staleAfterMs`): a slow input's status does not flicker, a removed input's goes away.
      aging: (data, staleAfterMs) => {
        const interval = data.interval_ms;
        const repeats =
          typeof interval === "number" && Number.isFinite(interval) ? interval * STATUS_REPEATS_KEPT : 0;
        return { followsHost: false, maxAgeMs: Math.max(staleAfterMs, repeats) };
      },
      replayed: true,
    }),
    ...Object.fromEntries(ALERT_CHANNELS.map((channel) => [channel, alertExport])),
  }),
);

/** Channels the exporter subscribes to. */
export const EXPORTED_CHANNELS: readonly string[] = [...EXPORTS.keys()];

/** Channels whose retained history the exporter reads when it starts (see ChannelExport.replayed). */
export const REPLAYED_CHANNELS: readonly string[] = EXPORTED_CHANNELS.filter((c) => EXPORTS.get(c)?.replayed);

/** How `event`'s source ages (see ChannelExport.aging). */
export function sourceAging(event: BusEvent, staleAfterMs: number): SourceAging {
  return (
    EXPORTS.get(event.channel)?.aging?.(event.data, staleAfterMs) ?? {
      followsHost: false,
      maxAgeMs: staleAfterMs,
    }
  );
}

/**
 * The source `event` updates (see ChannelExport.source), or undefined for events the exporter does
 * not translate: other channels, data that is not an object, or what its channel's row declines.
 */
export function eventSource(event: BusEvent): string | undefined {
  if (!event.data || typeof event.data !== "object") return undefined;
  return EXPORTS.get(event.channel)?.source(event.data, event.channel);
}

/** The families of one event of a source `eventSource` accepted (pure; may throw on odd data). */
export function translateEvent(event: BusEvent): FamilyBlock[] {
  return EXPORTS.get(event.channel)?.families(event) ?? [];
}
