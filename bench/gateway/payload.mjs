import { sampleStats } from "../lib/sample-stats.mjs";

// The benchmark event: a `custom.bench` event shaped like a host's system.stats sample
// (about 400 bytes on the wire), with the publish time first in `data` so clients can find it
// without parsing the whole frame.
export const CHANNEL = "custom.bench";
export const HOST = "bench-host-01";
export const SENT_AT = '"sent_at":';

export function benchData(i, sentAt) {
  return { sent_at: sentAt, i, ...sampleStats(i) };
}
