import type { BusEvent } from "@wirewatch/protocol";
import type { FamilyBlock } from "./family-builder.js";
import { type HostStatsData, hostStatsFamilies } from "./host-stats-families.js";
import { createSeriesStore } from "./series-store.js";
import { type StorageData, storageFamilies } from "./storage-families.js";
import { type UpsData, upsFamilies } from "./ups-families.js";

/** What the exporter needs of a bus (@wirewatch/bus's `Bus` fits). */
export interface SubscribableBus {
  subscribe(channel: string, handler: (event: BusEvent) => void): () => void;
}

export interface ExporterOptions {
  bus: SubscribableBus;
  /** A host's source not heard from for this long disappears from scrapes. Default 300 000 ms. */
  staleAfterMs?: number;
  /** Clock for staleness (ms since epoch). Default `Date.now`. */
  nowMs?: () => number;
  /** Called with an event that could not be translated; default: ignored. */
  onError?: (err: unknown, event: BusEvent) => void;
}

/**
 * Subscribes to the host and UPS channels and serves their latest values in Prometheus
 * text format with node_exporter's and nut_exporter's names.
 *
 * Contract: all translation happens at event time, inside the (synchronous) bus handler,
 * into pre-rendered text per host, source and family; `render()` only concatenates, so a
 * scrape costs no per-sample work. Every series carries `instance="<host>"`; `render(target)`
 * returns one host's series without it. `close()` unsubscribes (idempotent).
 */
export interface Exporter {
  render(options?: { target?: string }): string;
  /** Hosts that currently have series. */
  hosts(): string[];
  close(): void;
}

/** Channels the exporter subscribes to. */
export const EXPORTED_CHANNELS = ["system.stats", "storage.status", "infrastructure.status"] as const;

const translate = (event: BusEvent): { source: string; blocks: FamilyBlock[] } | undefined => {
  switch (event.channel) {
    case "system.stats": {
      const timeSeconds = Date.parse(event.timestamp) / 1000;
      return {
        source: event.channel,
        blocks: hostStatsFamilies(event.host, event.data as HostStatsData, timeSeconds),
      };
    }
    case "storage.status":
      return { source: event.channel, blocks: storageFamilies(event.host, event.data as StorageData) };
    case "infrastructure.status": {
      const data = event.data as UpsData;
      if (!data?.ups?.name) return undefined;
      return { source: `ups:${data.ups.name}`, blocks: upsFamilies(event.host, data) };
    }
    default:
      return undefined;
  }
};

export function createExporter(options: ExporterOptions): Exporter {
  const nowMs = options.nowMs ?? Date.now;
  const store = createSeriesStore({ staleAfterMs: options.staleAfterMs ?? 300_000 });
  const handle = (event: BusEvent) => {
    try {
      const result = event.data && typeof event.data === "object" ? translate(event) : undefined;
      if (result) store.replace(event.host, result.source, result.blocks, nowMs());
    } catch (err) {
      options.onError?.(err, event);
    }
  };
  const offs = EXPORTED_CHANNELS.map((channel) => options.bus.subscribe(channel, handle));
  return {
    render: (renderOptions) => store.render(nowMs(), renderOptions?.target),
    hosts: () => store.hosts(),
    close: () => {
      for (const off of offs) off();
    },
  };
}
