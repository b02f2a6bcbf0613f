import { MAX_HOST_LENGTH } from "./envelope.js";

/**
 * Channel names as clients write them: a registered name (`system.stats`), a user channel
 * (`custom.backup`), either optionally narrowed to one host (`system.stats@nas1`).
 *
 * Contract: parsing is purely syntactic and total — it returns a result or a reason, never
 * throws. Whether the name is registered is the registry's question ({@link resolveChannel}).
 * Nothing that fails here may reach Redis: no globs, no control characters, bounded length.
 */
export interface ChannelRef {
  /** Base channel name, e.g. `system.stats` or `custom.backup`. */
  name: string;
  /** Host filter, when the client narrowed the channel with `@host`. */
  host?: string;
}

export const MAX_CHANNEL_LENGTH = 128;
const NAME_RE = /^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/;
const HOST_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type ChannelParse = { ok: true; ref: ChannelRef } | { ok: false; reason: string };

export function parseChannelRef(input: unknown): ChannelParse {
  if (typeof input !== "string") return { ok: false, reason: "channel must be a string" };
  if (input.length === 0) return { ok: false, reason: "channel must not be empty" };
  if (input.length > MAX_CHANNEL_LENGTH + 1 + MAX_HOST_LENGTH) {
    return {
      ok: false,
      reason: `channel is longer than ${MAX_CHANNEL_LENGTH + 1 + MAX_HOST_LENGTH} characters`,
    };
  }
  const at = input.indexOf("@");
  const name = at === -1 ? input : input.slice(0, at);
  const host = at === -1 ? undefined : input.slice(at + 1);
  if (name.length > MAX_CHANNEL_LENGTH)
    return { ok: false, reason: `channel name is longer than ${MAX_CHANNEL_LENGTH}` };
  if (!NAME_RE.test(name)) {
    return {
      ok: false,
      reason: "channel name must be dotted lowercase words (a-z, 0-9, '_', '-'), no wildcards",
    };
  }
  if (host !== undefined) {
    if (host.length === 0 || host.length > MAX_HOST_LENGTH || !HOST_RE.test(host)) {
      return { ok: false, reason: "host after '@' must be 1-64 letters, digits, '.', '_' or '-'" };
    }
    return { ok: true, ref: { name, host } };
  }
  return { ok: true, ref: { name } };
}

/** The string form of a reference: `name` or `name@host`. */
export function formatChannelRef(ref: ChannelRef): string {
  return ref.host === undefined ? ref.name : `${ref.name}@${ref.host}`;
}
