import { CUSTOM_PREFIX } from "@wirewatch/protocol";

/**
 * The `custom.<name>` channels this gateway has accepted publishes for, at most `max` of them:
 * each channel keeps history on the bus, so their number is bounded like the bytes each keeps
 * (`bus.historyMaxBytes`). Counted per gateway process; a name once accepted stays accepted.
 */
export interface CustomChannels {
  /** True when `channel` is not custom, already known, or fits; false when the limit is reached. */
  admit(channel: string): boolean;
  readonly size: number;
  readonly max: number;
}

export function createCustomChannels(max: number): CustomChannels {
  const known = new Set<string>();
  return {
    admit(channel) {
      if (!channel.startsWith(CUSTOM_PREFIX) || known.has(channel)) return true;
      if (known.size >= max) return false;
      known.add(channel);
      return true;
    },
    get size() {
      return known.size;
    },
    max,
  };
}
