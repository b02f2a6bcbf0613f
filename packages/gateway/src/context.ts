import type { GatewayAlerts } from "./alerts-port.js";
import type { GatewayBus } from "./bus-port.js";
import type { PublishDeps } from "./commands/publish.js";
import type { Logger } from "./logger.js";
import type { GatewayMetrics } from "./metrics.js";
import type { ResolvedLimits } from "./options.js";
import type { Hub } from "./subscription/hub.js";

/**
 * What every session shares within one gateway: the bus and the hub, limits, metrics, the
 * logger, where publishes go and the alert engine. Data only: sessions call the commands and
 * the subscription layer directly.
 */
export interface GatewayContext {
  bus: GatewayBus;
  hub: Hub;
  logger: Logger;
  metrics: GatewayMetrics;
  limits: ResolvedLimits;
  /** Host name given to publishes that name none. */
  hostName: string;
  /** What client publishes (WebSocket and HTTP alike) go through. */
  publish: PublishDeps;
  /** The alert engine of this process, if any. */
  alerts?: GatewayAlerts;
}
