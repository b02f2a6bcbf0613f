import { Counter, Gauge, type Registry } from "prom-client";

/**
 * The gateway's own Prometheus series (DESIGN §8, `wirewatch_*`), registered on the process
 * registry handed to `createGateway` (runtime's `metrics.registry`), or on none.
 * Registration is idempotent per registry: a second gateway on the same registry shares them.
 */
export interface GatewayMetrics {
  connections: Gauge<"dialect">;
  eventsOut: Counter<"dialect">;
  /**
   * The hot-path form of `eventsOut`: a plain count per dialect that sessions bump for every
   * event frame they write, added to the counter when the registry is scraped (one increment per
   * frame through prom-client's label hashing costs more than the write itself at fan-out rates).
   */
  eventsOutTally(dialect: string): Tally;
  messagesIn: Counter<"dialect">;
  /** reason: coalesced | slow_consumer | rate_limited | heartbeat | frame_too_big | invalid | unauthorized | rejected */
  dropped: Counter<"reason">;
}

/** A count bumped on the hot path and folded into its counter at scrape time. */
export interface Tally {
  n: number;
}

const tallies = new WeakMap<Counter<"dialect">, Map<string, Tally>>();

function tallyOf(counter: Counter<"dialect">, dialect: string): Tally {
  let byDialect = tallies.get(counter);
  if (!byDialect) {
    byDialect = new Map();
    tallies.set(counter, byDialect);
  }
  let tally = byDialect.get(dialect);
  if (!tally) {
    tally = { n: 0 };
    byDialect.set(dialect, tally);
  }
  return tally;
}

/** Adds what the tallies counted since the last scrape to the counter (its `collect` hook). */
function foldTallies(counter: Counter<"dialect">): void {
  for (const [dialect, tally] of tallies.get(counter) ?? []) {
    if (tally.n === 0) continue;
    counter.inc({ dialect }, tally.n);
    tally.n = 0;
  }
}

export function createGatewayMetrics(registry?: Registry): GatewayMetrics {
  const registers = registry ? [registry] : [];
  const existing = <T>(name: string): T | undefined =>
    registry ? (registry.getSingleMetric(name) as T | undefined) : undefined;
  const eventsOut =
    existing<Counter<"dialect">>("wirewatch_gateway_events_out_total") ??
    new Counter({
      name: "wirewatch_gateway_events_out_total",
      help: "Event frames written to sockets, by dialect.",
      labelNames: ["dialect"],
      registers,
      collect() {
        foldTallies(this);
      },
    });
  return {
    eventsOut,
    eventsOutTally: (dialect) => tallyOf(eventsOut, dialect),
    connections:
      existing("wirewatch_gateway_connections") ??
      new Gauge({
        name: "wirewatch_gateway_connections",
        help: "Open WebSocket connections, by dialect.",
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
