import type { HistoryResult, ResumePoint } from "./bus.js";
import { decodeBatches } from "./redis-codec.js";
import { toBusError } from "./redis-connection.js";
import { channelKeys } from "./redis-keys.js";
import type { ScriptedRedis } from "./redis-scripts.js";

/**
 * One `history()` read: runs the history script (see redis-scripts.ts) and decodes the batches it
 * returns. Arguments are already validated. Rejects with `WW_BUS_DOWN` / `WW_BUS_BACKEND_ERROR`.
 *
 * Contract: fewer events than the script planned can only mean a history key was evicted
 * behind the bus's back; the answer is then `recovered: false` with what was found.
 */
export async function readRedisHistory(
  redis: ScriptedRedis,
  keyPrefix: string,
  channel: string,
  since: ResumePoint | undefined,
  limit: number,
  historyMaxLen: number,
): Promise<HistoryResult> {
  const keys = channelKeys(keyPrefix, channel);
  const [epoch, recovered, from, count, batches] = await redis
    .wwHistory(
      keys.meta,
      keys.history,
      keys.index,
      since ? String(since.seq) : "",
      since?.epoch ?? "",
      String(limit),
      String(historyMaxLen),
    )
    .catch((error: unknown) => {
      throw toBusError(error);
    });
  if (epoch === null) return { recovered: since === undefined, epoch: undefined, events: [] };
  const events = decodeBatches(batches, from, count);
  return { recovered: recovered === 1 && events.length === count, epoch, events };
}
