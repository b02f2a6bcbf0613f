import { CUSTOM_PREFIX } from "@wirewatch/protocol";

/**
 * The `custom.<name>` channels this gateway has accepted publishes for, at most `max` of them:
 * each channel keeps history on the bus, so their number is bounded like the bytes each keeps
 * (`bus.historyMaxBytes`). Counted per gateway process; a name counts once a publish to it went
 * through, and then stays.
 */
export interface CustomChannels {
  /** True when `channel` is not custom, already known, or would fit; false at the limit. */
  hasRoom(channel: string): boolean;
  /** Counts `channel` (a publish to it went through). */
  record(channel: string): void;
  readonly size: number;
  readonly max: number;
}

export function createCustomChannels(max: number): CustomChannels {
  const known = new Set<string>();
  return {
    hasRoom(channel) {
      return !channel.startsWith(CUSTOM_PREFIX) || known.has(channel) || known.size < max;
    },
    record(channel) {
      if (channel.startsWith(CUSTOM_PREFIX)) known.add(channel);
    },
    get size() {
      return known.size;
    },
    max,
  };
}
