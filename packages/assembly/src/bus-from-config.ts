import { type Bus, createBus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import type { Logger } from "@wirewatch/runtime";

/**
 * The bus a process uses, from the `bus` section: a RedisBus when `bus.redis.url` is set (scaled
 * out), the in-memory bus otherwise (`wirewatch start`). The bus connects in the background; its
 * `ready()` belongs in the process's health checks.
 */
export function createBusFromConfig(config: WirewatchConfig, deps: { logger: Logger }): Bus {
  return createBus({
    ...(config.bus.redis.url ? { redisUrl: config.bus.redis.url } : {}),
    keyPrefix: config.bus.redis.keyPrefix,
    historyMaxLen: config.bus.historyMaxLen,
    historyMaxBytes: config.bus.historyMaxBytes,
    historyTotalMaxBytes: config.bus.historyTotalMaxBytes,
    logger: deps.logger.child({ component: "bus" }),
  });
}
