import type { Bus, BusBaseOptions } from "./bus.js";
import { createMemoryBus } from "./memory-bus.js";
import { createRedisBus, type RedisBusOptions } from "./redis-bus.js";

export interface CreateBusOptions
  extends BusBaseOptions,
    Omit<Partial<RedisBusOptions>, keyof BusBaseOptions> {
  /** Set (`WIREWATCH_REDIS_URL`): a Redis bus; unset: the in-memory bus. */
  redisUrl?: string;
  /** The memory bus's bound over every channel (Redis bounds each channel only). Default 64 MiB. */
  historyTotalMaxBytes?: number;
}

/** Picks the engine: Redis when `redisUrl` is set, memory otherwise (architecture §1). */
export function createBus(options: CreateBusOptions = {}): Bus {
  const { redisUrl, historyTotalMaxBytes, ...rest } = options;
  if (redisUrl) return createRedisBus({ ...rest, redisUrl });
  return createMemoryBus({ ...rest, historyTotalMaxBytes });
}
