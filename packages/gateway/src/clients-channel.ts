import type { GatewayBus } from "./bus-port.js";
import type { Logger } from "./logger.js";
import type { Hub } from "./subscription/hub.js";

/** The admin-only channel listing a gateway's connections (architecture §3). */
export const CLIENTS_CHANNEL = "gateway.clients";

/** One connection's entry in `gateway.clients` (architecture §3). */
export interface ClientInfo {
  id: string;
  start: string;
  address: string;
  user_agent: string;
  dialect: string;
  principal: string;
  channels: string[];
  bytes_in: number;
  bytes_out: number;
  messages_in: number;
  messages_out: number;
}

/** The running `gateway.clients` publisher of one gateway. */
export interface ClientsPublisher {
  /** Publishes one snapshot now (also used right after the first subscriber arrives). */
  publishNow(): Promise<void>;
  stop(): void;
}

/**
 * `gateway.clients` (architecture §3, admin-only): while at least one socket of this process is
 * subscribed to it, every `intervalMs` the gateway publishes one event (host = this gateway's
 * host name) listing its connections: id, start, address, user agent, dialect, principal name,
 * channels, bytes and messages in and out. Each replica publishes its own list under its own
 * host, so subscribers of any replica that subscribes see them all.
 */
export function startClientsPublisher(options: {
  bus: GatewayBus;
  hub: Hub;
  hostName: string;
  intervalMs: number;
  clients: () => ClientInfo[];
  logger: Logger;
}): ClientsPublisher {
  const { bus, hub, hostName, logger } = options;
  let busy = false;
  const publishNow = async (): Promise<void> => {
    if (busy || !bus.ready()) return;
    busy = true;
    try {
      await bus.publish({ channel: CLIENTS_CHANNEL, host: hostName, data: { clients: options.clients() } });
    } catch (err) {
      logger.warn({ err }, "publishing gateway.clients failed");
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => {
    if (hub.subscriberCount(CLIENTS_CHANNEL) > 0) void publishNow();
  }, options.intervalMs);
  timer.unref();
  return { publishNow, stop: () => clearInterval(timer) };
}
