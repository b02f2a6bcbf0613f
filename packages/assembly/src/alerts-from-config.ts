import {
  type AlertEngine,
  createAlertEngine,
  createMemoryStateStore,
  createRedisStateStore,
  resolveRules,
} from "@wirewatch/alerts";
import type { Bus } from "@wirewatch/bus";
import type { WirewatchConfig } from "@wirewatch/config";
import type { Logger } from "@wirewatch/runtime";

export interface AlertsDeps {
  /** Where the engine publishes its alert and log events (the bus itself). */
  bus: Bus;
  /** Host of the engine's own events and scope of its Redis keys. Default `collector.hostname`. */
  host?: string;
  logger: Logger;
}

/**
 * The alert engine of the process where samples originate (architecture §1, §7), or `undefined` when
 * `alerts.enabled` is false: rules from `alerts` (defaults merged with `alerts.rules`), state in
 * Redis (`<bus.redis.keyPrefix>:alerts:{<host>}:state`) when `bus.redis.url` is set — so a
 * restarted collector neither fires again nor loses a recovery — in memory otherwise.
 *
 * Not started: call `start()` (loads the firing state, retrying while Redis is down), feed it
 * with `observingPublisher(bus, engine)` as the collector's publisher, and `close()` it at
 * shutdown after the collector stopped (drain), before the bus closes.
 */
export function createAlertsFromConfig(config: WirewatchConfig, deps: AlertsDeps): AlertEngine | undefined {
  if (!config.alerts.enabled) return undefined;
  const host = deps.host ?? config.collector.hostname;
  const logger = deps.logger.child({ component: "alerts" });
  return createAlertEngine({
    rules: resolveRules(config.alerts),
    store: config.bus.redis.url
      ? createRedisStateStore({
          redisUrl: config.bus.redis.url,
          keyPrefix: config.bus.redis.keyPrefix,
          scope: host,
          logger,
        })
      : createMemoryStateStore(),
    publisher: deps.bus,
    host,
    logger,
  });
}
