/**
 * Where a channel lives in Redis. With the default prefix `ww`, channel `system.stats` uses:
 *
 * | key / channel               | type    | contents                                                |
 * |-----------------------------|---------|---------------------------------------------------------|
 * | `ww:{system.stats}:meta`    | hash    | `seq` (last assigned), `epoch`                          |
 * | `ww:{system.stats}:history` | list    | batch messages holding at least the newest `historyMaxLen` events, oldest first |
 * | `ww:{system.stats}:index`   | list    | the first seq of each batch in `history`, aligned       |
 * | `ww:ev:system.stats`        | pub/sub | the same batch messages, live (see redis-codec.ts)      |
 * | `ww:probe:<bus id>`         | pub/sub | one bus's liveness probes (not a channel; see redis-liveness.ts) |
 *
 * The braces are a Redis Cluster hash tag: the keys of a channel share a slot, so the scripts
 * touching them stay single-slot. Channel names are validated (`[a-z0-9._-]`), so they cannot
 * contain braces, wildcards or separators of their own.
 */
export interface ChannelKeys {
  meta: string;
  history: string;
  index: string;
  pubsub: string;
}

export const DEFAULT_KEY_PREFIX = "ww";
const PREFIX_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function isValidKeyPrefix(prefix: string): boolean {
  return PREFIX_RE.test(prefix) && !prefix.endsWith(":");
}

export function channelKeys(prefix: string, channel: string): ChannelKeys {
  return {
    meta: `${prefix}:{${channel}}:meta`,
    history: `${prefix}:{${channel}}:history`,
    index: `${prefix}:{${channel}}:index`,
    pubsub: `${prefix}:ev:${channel}`,
  };
}

/** The pub/sub channel prefix, to map an incoming message back to its bus channel. */
export function pubsubPrefix(prefix: string): string {
  return `${prefix}:ev:`;
}

/** The pub/sub channel of one bus's liveness probe (see redis-liveness.ts); `busId` is random per bus. */
export function probeChannel(prefix: string, busId: string): string {
  return `${prefix}:probe:${busId}`;
}
