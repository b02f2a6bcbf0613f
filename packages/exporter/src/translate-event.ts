import type { BusEvent } from "@wirewatch/protocol";
import type { FamilyBlock } from "./family-builder.js";
import { type HostStatsData, hostStatsFamilies } from "./host-stats-families.js";
import { type StorageData, storageFamilies } from "./storage-families.js";
import { type UpsData, upsFamilies } from "./ups-families.js";

/** Channels the exporter subscribes to. */
export const EXPORTED_CHANNELS = ["system.stats", "storage.status", "infrastructure.status"] as const;

/**
 * The source an event updates — `system.stats`, `storage.status` or `ups:<name>` — or undefined
 * for events the exporter does not translate (other channels, data that is not an object,
 * infrastructure.status without a named UPS). A newer event of the same host and source
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
    default:
      return undefined;
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
    default:
      return [];
  }
}
