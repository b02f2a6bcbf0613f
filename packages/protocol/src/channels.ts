import type { z } from "zod";
import { type ChannelRef, parseChannelRef } from "./channel-name.js";
import { genericAlertSchema, resourceAlertSchema, temperatureAlertSchema } from "./payloads/alerts.js";
import { collectorStatusSchema } from "./payloads/collector-status.js";
import { customSchema } from "./payloads/custom.js";
import { diskSmartSchema } from "./payloads/disk-smart.js";
import { dockerEventSchema, dockerStatsSchema } from "./payloads/docker.js";
import { gatewayClientsSchema } from "./payloads/gateway-clients.js";
import { jobsSchema } from "./payloads/jobs.js";
import { logSchema } from "./payloads/log.js";
import { sensorsSchema } from "./payloads/sensors.js";
import { storageStatusSchema } from "./payloads/storage-status.js";
import { systemProcessesSchema } from "./payloads/system-processes.js";
import { systemStatsSchema } from "./payloads/system-stats.js";
import { infrastructureStatusSchema } from "./payloads/ups.js";

/**
 * The channel registry of architecture §3: the only channel names that exist.
 *
 * `kind` drives slow-consumer handling in the gateway: a `latest` channel is a stream of states
 * where only the newest matters (a lagging client may skip to it); an `events` channel is a
 * stream of happenings where each one matters (buffered up to a cap, then the socket is closed).
 * `adminOnly` channels need the admin permission; `publishable` channels accept client publishes.
 */
export interface ChannelSpec {
  name: string;
  description: string;
  schema: z.ZodType;
  kind: "latest" | "events";
  adminOnly: boolean;
  publishable: boolean;
  /**
   * For `latest` channels: what one current state is the state *of*. Two events with the same
   * key replace each other; different keys are different things (each schedule on
   * `collector.status`, each UPS, each disk). Default: the event's host.
   */
  snapshotKey: (event: { host: string; data: unknown }) => string;
}

const byHost = (event: { host: string }) => event.host;
/** Key by host plus a string field of `data` (dotted path), e.g. `ups.name`. */
const byHostAnd =
  (path: string) =>
  (event: { host: string; data: unknown }): string => {
    let v: unknown = event.data;
    for (const part of path.split("."))
      v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[part] : undefined;
    return typeof v === "string" || typeof v === "number" ? `${event.host}\u0000${v}` : event.host;
  };

const spec = (
  name: string,
  description: string,
  schema: z.ZodType,
  kind: ChannelSpec["kind"],
  flags: { adminOnly?: boolean; publishable?: boolean; snapshotKey?: ChannelSpec["snapshotKey"] } = {},
): ChannelSpec => ({
  name,
  description,
  schema,
  kind,
  adminOnly: flags.adminOnly ?? false,
  publishable: flags.publishable ?? false,
  snapshotKey: flags.snapshotKey ?? byHost,
});

export const CHANNELS: readonly ChannelSpec[] = [
  spec(
    "system.stats",
    "CPU, memory, load, uptime, network, swap and per-core CPU of a host",
    systemStatsSchema,
    "latest",
  ),
  spec("system.processes", "Top processes of a host by memory and by CPU", systemProcessesSchema, "latest"),
  spec(
    "docker.events",
    "Container lifecycle events, exit codes, health and crash loops",
    dockerEventSchema,
    "events",
  ),
  spec("docker.stats", "Per-container CPU, memory, network and block I/O", dockerStatsSchema, "latest"),
  spec("storage.status", "md RAID arrays and mounted filesystems with usage", storageStatusSchema, "latest"),
  spec("disk.smart", "SMART health and counters of one physical disk", diskSmartSchema, "latest", {
    snapshotKey: byHostAnd("device"),
  }),
  spec("sensors", "Temperatures and fan speeds from hwmon and thermal zones", sensorsSchema, "latest"),
  spec("temperature.alert", "Temperature threshold alerts and recoveries", temperatureAlertSchema, "events"),
  spec(
    "resource.alert",
    "CPU, memory, disk, swap and network alerts and recoveries",
    resourceAlertSchema,
    "events",
  ),
  spec(
    "infrastructure.status",
    "UPS state over NUT: status flags, battery, load, voltages",
    infrastructureStatusSchema,
    "latest",
    { snapshotKey: byHostAnd("ups.name") },
  ),
  spec(
    "infrastructure.alert",
    "UPS on battery, low battery, overload, replace battery, recoveries",
    genericAlertSchema,
    "events",
  ),
  spec(
    "storage.alert",
    "SMART failures, growing error counters, degraded RAID, recoveries",
    genericAlertSchema,
    "events",
  ),
  spec("jobs", "Worker pools, queued and long-running jobs (NZB Flow's task model)", jobsSchema, "events", {
    adminOnly: true,
    publishable: true,
  }),
  spec("log", "Log lines worth a person's attention", logSchema, "events", { adminOnly: true }),
  spec(
    "collector.status",
    "Health of each collector input: ok, stale or error",
    collectorStatusSchema,
    "latest",
    { snapshotKey: byHostAnd("input") },
  ),
  spec("gateway.clients", "Connected WebSocket clients and their traffic", gatewayClientsSchema, "latest", {
    adminOnly: true,
  }),
];

/** User channels: `custom.<name>`, published by users' scripts. */
export const CUSTOM_PREFIX = "custom.";
const customSpecs = new Map<string, ChannelSpec>();
/** Most custom specs kept (names come from clients; past this the cache starts over). */
const MAX_CACHED_CUSTOM_SPECS = 1024;

/** The spec of `custom.<name>`, one object per name (every socket subscribed to it shares it). */
function customSpec(name: string): ChannelSpec {
  let found = customSpecs.get(name);
  if (!found) {
    if (customSpecs.size >= MAX_CACHED_CUSTOM_SPECS) customSpecs.clear();
    found = spec(name, "A user channel: any JSON object published by a script", customSchema, "events", {
      publishable: true,
    });
    customSpecs.set(name, found);
  }
  return found;
}

const byName = new Map(CHANNELS.map((c) => [c.name, c]));

/** The spec of a base channel name, or undefined when it is not registered. */
export function getChannelSpec(name: string): ChannelSpec | undefined {
  const known = byName.get(name);
  if (known) return known;
  if (
    name.startsWith(CUSTOM_PREFIX) &&
    name.length > CUSTOM_PREFIX.length &&
    !name.slice(CUSTOM_PREFIX.length).includes(".")
  ) {
    return customSpec(name);
  }
  return undefined;
}

export type ChannelResolution =
  | { ok: true; ref: ChannelRef; spec: ChannelSpec }
  | { ok: false; code: "invalid_channel" | "unknown_channel"; reason: string };

/** Parses a client-written channel (`name` or `name@host`) and checks it against the registry. */
export function resolveChannel(input: unknown): ChannelResolution {
  const parsed = parseChannelRef(input);
  if (!parsed.ok) return { ok: false, code: "invalid_channel", reason: parsed.reason };
  const found = getChannelSpec(parsed.ref.name);
  if (!found) return { ok: false, code: "unknown_channel", reason: `no channel named '${parsed.ref.name}'` };
  return { ok: true, ref: parsed.ref, spec: found };
}

/** Validates an event payload against its channel's schema; returns a readable reason on failure. */
export function checkPayload(name: string, data: unknown): { ok: true } | { ok: false; reason: string } {
  const found = getChannelSpec(name);
  if (!found) return { ok: false, reason: `no channel named '${name}'` };
  const result = found.schema.safeParse(data);
  if (result.success) return { ok: true };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `data.${issue.path.join(".")}` : "data";
  return { ok: false, reason: `${where}: ${issue?.message ?? "invalid"}` };
}
