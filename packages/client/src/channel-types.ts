import type {
  BusEvent,
  CollectorStatus,
  customSchema,
  diskSmartSchema,
  dockerEventSchema,
  dockerStatsSchema,
  gatewayClientsSchema,
  genericAlertSchema,
  infrastructureStatusSchema,
  jobsSchema,
  logSchema,
  resourceAlertSchema,
  StorageStatus,
  SystemProcesses,
  SystemStats,
  sensorsSchema,
  temperatureAlertSchema,
} from "@wirewatch/protocol";
import type { z } from "zod";

/**
 * The payload (`data`) of each registered channel (DESIGN §3), from protocol's schemas, so that
 * `client.subscribe("system.stats", (ev) => ev.data.cpu_percent)` type-checks. Payload schemas
 * are loose objects: fields beyond the documented ones are present at runtime, typed `unknown`.
 * A unit test keeps the keys equal to protocol's channel registry.
 */
export interface ChannelDataMap {
  "system.stats": SystemStats;
  "system.processes": SystemProcesses;
  "docker.events": z.infer<typeof dockerEventSchema>;
  "docker.stats": z.infer<typeof dockerStatsSchema>;
  "storage.status": StorageStatus;
  "disk.smart": z.infer<typeof diskSmartSchema>;
  sensors: z.infer<typeof sensorsSchema>;
  "temperature.alert": z.infer<typeof temperatureAlertSchema>;
  "resource.alert": z.infer<typeof resourceAlertSchema>;
  "infrastructure.status": z.infer<typeof infrastructureStatusSchema>;
  "infrastructure.alert": z.infer<typeof genericAlertSchema>;
  "storage.alert": z.infer<typeof genericAlertSchema>;
  jobs: z.infer<typeof jobsSchema>;
  log: z.infer<typeof logSchema>;
  "collector.status": CollectorStatus;
  "gateway.clients": z.infer<typeof gatewayClientsSchema>;
}

/** A registered channel name or a user channel (`custom.backup`). */
export type ChannelName = keyof ChannelDataMap | `custom.${string}`;

/** What `subscribe` accepts: a channel name, optionally narrowed to one host (`system.stats@nas1`). */
export type ChannelRefString = ChannelName | `${ChannelName}@${string}`;

/** The base channel name of a reference: `"system.stats@nas1"` → `"system.stats"`. */
export type BaseOf<R extends string> = R extends `${infer N}@${string}` ? N : R;

/** The payload type of a channel or reference. */
export type DataOf<R extends string> =
  BaseOf<R> extends keyof ChannelDataMap
    ? ChannelDataMap[BaseOf<R>]
    : BaseOf<R> extends `custom.${string}`
      ? z.infer<typeof customSchema>
      : unknown;

/**
 * An event as a subscription handler receives it: protocol's envelope with the channel's payload,
 * `recovered: true` when it was replayed after a reconnect (it happened while disconnected).
 */
export type ChannelEvent<R extends string = ChannelRefString> = BusEvent<DataOf<R>> & { recovered?: true };

/** Any event, as the client-wide `event` listener receives it. */
export type AnyChannelEvent = BusEvent<unknown> & { recovered?: true };
