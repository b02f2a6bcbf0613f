import type {
  BusEvent,
  CollectorStatus,
  CustomPayload,
  DiskSmart,
  DockerEvent,
  DockerStats,
  GatewayClients,
  GenericAlert,
  InfrastructureStatus,
  Jobs,
  LogLine,
  ResourceAlert,
  Sensors,
  StorageStatus,
  SystemProcesses,
  SystemStats,
  TemperatureAlert,
} from "@wirewatch/protocol";

/**
 * The payload (`data`) of each registered channel (architecture §3): protocol's type of what the
 * channel's schema checks, so that `client.subscribe("system.stats", (ev) => ev.data.cpu_percent)`
 * type-checks. UMA's documented fields are required; wirewatch's additions are optional (a
 * producer may send fewer), with their full shapes when present; `docker.*`, `disk.smart` and
 * `sensors` are typed as designed (no input emits them yet). Payloads are loose objects: fields
 * beyond the typed ones are present at runtime, typed `unknown`. A unit test keeps the keys equal
 * to protocol's channel registry.
 */
export interface ChannelDataMap {
  "system.stats": SystemStats;
  "system.processes": SystemProcesses;
  "docker.events": DockerEvent;
  "docker.stats": DockerStats;
  "storage.status": StorageStatus;
  "disk.smart": DiskSmart;
  sensors: Sensors;
  "temperature.alert": TemperatureAlert;
  "resource.alert": ResourceAlert;
  "infrastructure.status": InfrastructureStatus;
  "infrastructure.alert": GenericAlert;
  "storage.alert": GenericAlert;
  jobs: Jobs;
  log: LogLine;
  "collector.status": CollectorStatus;
  "gateway.clients": GatewayClients;
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
      ? CustomPayload
      : unknown;

/**
 * An event as a subscription handler receives it: protocol's envelope with the channel's payload,
 * `recovered: true` when it was replayed after a reconnect (it happened while disconnected).
 */
export type ChannelEvent<R extends string = ChannelRefString> = BusEvent<DataOf<R>> & { recovered?: true };

/** Any event, as the client-wide `event` listener receives it. */
export type AnyChannelEvent = BusEvent<unknown> & { recovered?: true };
