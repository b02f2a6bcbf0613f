import type { ClientCommand, ResumePoint } from "@wirewatch/protocol";
import type { GatewayAlerts } from "./alerts-port.js";
import type { GatewayBus } from "./bus-port.js";
import type { PublishDeps } from "./commands/publish.js";
import type { Session } from "./connection/session.js";
import type { Logger } from "./logger.js";
import type { GatewayMetrics } from "./metrics.js";
import type { ResolvedLimits } from "./options.js";
import type { Hub } from "./subscription/hub.js";

/**
 * What every session shares within one gateway: the bus and the hub, limits, metrics, the
 * logger, and the command implementations (kept out of the session so dialects share them).
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
  handleCommand(session: Session, command: ClientCommand): Promise<void>;
  subscribeAtConnect(
    session: Session,
    channels: readonly string[],
    options: { snapshot: boolean; since?: Record<string, ResumePoint> },
  ): Promise<void>;
}
