import { type DraftEvent, hostSchema, parseChannelRef } from "@wirewatch/protocol";
import type { ResumePoint } from "./bus.js";
import { BusError } from "./bus-error.js";

/** Known-good names, so the hot publish path skips the regexes (bounded: names are few). */
const CACHE_MAX = 4096;
const goodChannels = new Set<string>();
const goodHosts = new Set<string>();
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_TYPE_LENGTH = 128;
const MAX_EPOCH_LENGTH = 64;

function remember(set: Set<string>, value: string): void {
  if (set.size >= CACHE_MAX) set.clear();
  set.add(value);
}

/**
 * Checks that `channel` is a base channel name (`system.stats`, `custom.backup`): protocol's
 * `parseChannelRef` syntax, without `@host`. Throws `WW_BUS_INVALID_CHANNEL`.
 *
 * Contract: a name that passes contains only `[a-z0-9._-]`, so it is safe in Redis keys and in
 * JSON without escaping.
 */
export function assertChannel(channel: unknown): string {
  if (typeof channel === "string" && goodChannels.has(channel)) return channel;
  const parsed = parseChannelRef(channel);
  if (!parsed.ok) throw new BusError("WW_BUS_INVALID_CHANNEL", `invalid channel: ${parsed.reason}`);
  if (parsed.ref.host !== undefined) {
    throw new BusError(
      "WW_BUS_INVALID_CHANNEL",
      `invalid channel '${String(channel)}': the bus takes base channel names; '@host' filtering is the gateway's job`,
    );
  }
  remember(goodChannels, parsed.ref.name);
  return parsed.ref.name;
}

/**
 * Checks a draft before it is sealed: channel (see {@link assertChannel}), host (protocol's
 * `hostSchema`), optional `type` and ISO-8601 `timestamp`, and `data` present. Throws
 * `WW_BUS_INVALID_CHANNEL` or `WW_BUS_INVALID_EVENT`.
 *
 * Contract: a draft that passes has a host and timestamp safe in JSON without escaping.
 */
export function assertDraft(draft: DraftEvent<unknown>): void {
  if (typeof draft !== "object" || draft === null) {
    throw new BusError("WW_BUS_INVALID_EVENT", "event must be an object");
  }
  assertChannel(draft.channel);
  const host: unknown = draft.host;
  if (typeof host !== "string" || !goodHosts.has(host)) {
    const parsed = hostSchema.safeParse(host);
    if (!parsed.success) {
      throw new BusError(
        "WW_BUS_INVALID_EVENT",
        `invalid host: ${parsed.error.issues[0]?.message ?? "bad host"}`,
      );
    }
    remember(goodHosts, parsed.data);
  }
  const type: unknown = draft.type;
  if (
    type !== undefined &&
    (typeof type !== "string" || type.length === 0 || type.length > MAX_TYPE_LENGTH)
  ) {
    throw new BusError("WW_BUS_INVALID_EVENT", `invalid type: a string of 1-${MAX_TYPE_LENGTH} characters`);
  }
  const timestamp: unknown = draft.timestamp;
  if (timestamp !== undefined && (typeof timestamp !== "string" || !ISO_TIMESTAMP.test(timestamp))) {
    throw new BusError(
      "WW_BUS_INVALID_EVENT",
      "invalid timestamp: ISO 8601 with a zone, e.g. 2025-06-19T14:30:00.000Z",
    );
  }
  if (draft.data === undefined) throw new BusError("WW_BUS_INVALID_EVENT", "event data is missing");
}

/** Checks a resume point. Throws `WW_BUS_INVALID_ARGUMENT`. */
export function assertResumePoint(since: ResumePoint | undefined): void {
  if (since === undefined) return;
  if (
    typeof since !== "object" ||
    since === null ||
    !Number.isSafeInteger(since.seq) ||
    since.seq < 0 ||
    typeof since.epoch !== "string" ||
    since.epoch.length === 0 ||
    since.epoch.length > MAX_EPOCH_LENGTH
  ) {
    throw new BusError(
      "WW_BUS_INVALID_ARGUMENT",
      "invalid resume point: { seq: non-negative integer, epoch: 1-64 characters }",
    );
  }
}

/** Resolves a history limit: default and cap `max`. Throws `WW_BUS_INVALID_ARGUMENT`. */
export function resolveLimit(limit: number | undefined, max: number): number {
  if (limit === undefined) return max;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new BusError("WW_BUS_INVALID_ARGUMENT", "history limit must be a non-negative integer");
  }
  return Math.min(limit, max);
}

/** Checks a positive integer option. Throws `WW_BUS_INVALID_ARGUMENT`. */
export function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BusError("WW_BUS_INVALID_ARGUMENT", `option ${name} must be a positive integer`);
  }
  return value;
}
