import { Counter, Gauge, type Registry } from "prom-client";

/**
 * The gateway's own Prometheus series (DESIGN §8, `wirewatch_*`), registered on the process
 * registry handed to `createGateway` (runtime's `metrics.registry`), or on none.
 * Registration is idempotent per registry: a second gateway on the same registry shares them.
 */
export interface GatewayMetrics {
  connections: Gauge<"dialect">;
  eventsOut: Counter<"dialect">;
  messagesIn: Counter<"dialect">;
  /** reason: coalesced | slow_consumer | rate_limited | heartbeat | frame_too_big | invalid | unauthorized | rejected */
  dropped: Counter<"reason">;
}

export function createGatewayMetrics(registry?: Registry): GatewayMetrics {
  const registers = registry ? [registry] : [];
  const existing = <T>(name: string): T | undefined =>
    registry ? (registry.getSingleMetric(name) as T | undefined) : undefined;
  return {
    connections:
      existing("wirewatch_gateway_connections") ??
      new Gauge({
        name: "wirewatch_gateway_connections",
        help: "Open WebSocket connections, by dialect.",
        labelNames: ["dialect"],
        registers,
      }),
    eventsOut:
      existing("wirewatch_gateway_events_out_total") ??
      new Counter({
        name: "wirewatch_gateway_events_out_total",
        help: "Event frames written to sockets, by dialect.",
        labelNames: ["dialect"],
        registers,
      }),
    messagesIn:
      existing("wirewatch_gateway_messages_in_total") ??
      new Counter({
        name: "wirewatch_gateway_messages_in_total",
        help: "Client frames received, by dialect.",
        labelNames: ["dialect"],
        registers,
      }),
    dropped:
      existing("wirewatch_gateway_dropped_total") ??
      new Counter({
        name: "wirewatch_gateway_dropped_total",
        help: "Events skipped, messages refused and connections dropped, by reason.",
        labelNames: ["reason"],
        registers,
      }),
  };
}
