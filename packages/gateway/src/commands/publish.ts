import { type BusEvent, checkPayload, type ErrorCode, hostSchema, resolveChannel } from "@wirewatch/protocol";
import { channelAllowed, hasPermission, type Principal } from "../auth/principal.js";
import type { GatewayBus } from "../bus-port.js";
import type { CustomChannels } from "./custom-channels.js";
import { jsonDepthExceeds } from "./json-depth.js";

/** A publish as a client sent it (WebSocket command or HTTP body), not yet checked. */
export interface PublishInput {
  channel: unknown;
  data: unknown;
  host?: unknown;
}

/** The event as the bus sealed it, or the refusal with its HTTP status. */
export type PublishOutcome =
  | { ok: true; event: BusEvent }
  | { ok: false; code: ErrorCode; message: string; status: number };

/** What publishes go through: the bus, the default host, the frame limit, the custom-channel count. */
export interface PublishDeps {
  bus: GatewayBus;
  /** Host of events whose publisher names none. */
  hostName: string;
  maxFrameBytes: number;
  customChannels: CustomChannels;
}

/** How deep a publish's `data` may nest; deeper is refused before anything serialises it. */
export const MAX_DATA_DEPTH = 32;

/**
 * Room kept for the envelope (`type`, `channel`, `host`, `seq`, `epoch`, `timestamp`) so the
 * event subscribers receive still fits in one frame of `maxFrameBytes`.
 */
export const ENVELOPE_RESERVE_BYTES = 512;

const fail = (code: ErrorCode, message: string, status: number): PublishOutcome => ({
  ok: false,
  code,
  message,
  status,
});

/**
 * Client publishes (architecture §3 `custom.<name>` and `jobs`, §4 `publish`), shared by the WebSocket
 * command and `POST /api/v1/publish`. Checks, in order: the publish permission (`forbidden`),
 * the channel name (`invalid_channel`, `unknown_channel`), that it is a base channel open to
 * publishes (`bad_publish`), the token's channel limit (`forbidden_channel`), then `data`: a JSON
 * object nested at most {@link MAX_DATA_DEPTH} levels, passing the channel's schema, small enough
 * for the whole event to fit in one frame; the host (all `bad_publish`); a ready bus
 * (`unavailable`); and, for a new `custom.<name>`, the custom channel limit (`bad_publish`, 403).
 * Then the event goes to the bus, which assigns `seq` and delivers it to every subscriber like
 * any other event. A refusal's `status` is the HTTP status the HTTP endpoint answers with.
 */
export async function publishEvent(
  deps: PublishDeps,
  principal: Principal,
  input: PublishInput,
): Promise<PublishOutcome> {
  if (!hasPermission(principal, "publish"))
    return fail("forbidden", "the token lacks the publish permission", 403);
  const resolution = resolveChannel(input.channel);
  if (!resolution.ok) return fail(resolution.code, resolution.reason, 400);
  const { ref, spec } = resolution;
  if (ref.host !== undefined) {
    return fail("bad_publish", "publish to the base channel and name the host in `host`", 400);
  }
  if (!spec.publishable)
    return fail("bad_publish", `'${spec.name}' does not accept publishes (custom.* and jobs do)`, 400);
  if (!channelAllowed(principal, spec.name)) {
    return fail("forbidden_channel", `the token is not allowed channel '${spec.name}'`, 403);
  }
  const data = input.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return fail("bad_publish", "data must be a JSON object", 400);
  }
  if (jsonDepthExceeds(data, MAX_DATA_DEPTH))
    return fail("bad_publish", `data nests deeper than ${MAX_DATA_DEPTH} levels`, 400);
  const checked = checkPayload(spec.name, data);
  if (!checked.ok) return fail("bad_publish", checked.reason, 400);
  const bytes = Buffer.byteLength(JSON.stringify(data));
  const maxDataBytes = deps.maxFrameBytes - ENVELOPE_RESERVE_BYTES;
  if (bytes > maxDataBytes) {
    return fail("bad_publish", `data is ${bytes} bytes; the limit is ${maxDataBytes} (one frame)`, 413);
  }
  const host = hostSchema.safeParse(input.host ?? deps.hostName);
  if (!host.success) return fail("bad_publish", `host: ${host.error.issues[0]?.message ?? "invalid"}`, 400);
  if (!deps.bus.ready()) return fail("unavailable", "the bus is down; try again shortly", 503);
  if (!deps.customChannels.hasRoom(spec.name)) {
    const { max } = deps.customChannels;
    return fail(
      "bad_publish",
      `'${spec.name}' would be a new custom channel; this gateway already holds ${max} (gateway.maxCustomChannels): publish to an existing one or raise the limit`,
      403,
    );
  }
  try {
    const event = await deps.bus.publish({ channel: spec.name, host: host.data, data });
    deps.customChannels.record(spec.name);
    return { ok: true, event };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "WW_BUS_INVALID_EVENT" || code === "WW_BUS_INVALID_CHANNEL") {
      return fail("bad_publish", (err as Error).message, 400);
    }
    return fail("unavailable", "the bus refused the event; try again shortly", 503);
  }
}
