import { Counter, Gauge, type Registry } from "prom-client";

/**
 * The gateway's own Prometheus series (architecture §8, `wirewatch_*`), registered on the process
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
  /**
   * Events the hub received from the bus, counted once per event whatever the number of sockets
   * (`custom.*` channels share one `channel="custom.*"` series), folded in at scrape time.
   */
  eventsInTally(channel: string): Tally;
  /** reason: coalesced | slow_consumer | rate_limited | heartbeat | frame_too_big | invalid | unauthorized | rejected */
  dropped: Counter<"reason">;
}

/** A count bumped on the hot path and folded into its counter at scrape time. */
export interface Tally {
  n: number;
}

/** label value → its tally, per counter of one label. */
const tallies = new WeakMap<Counter<string>, Map<string, Tally>>();

function tallyOf(counter: Counter<string>, value: string): Tally {
  let byValue = tallies.get(counter);
  if (!byValue) {
    byValue = new Map();
    tallies.set(counter, byValue);
  }
  let tally = byValue.get(value);
  if (!tally) {
    tally = { n: 0 };
    byValue.set(value, tally);
  }
  return tally;
}

/** Adds what the tallies counted since the last scrape to the counter (its `collect` hook). */
function foldTallies(counter: Counter<string>, label: string): void {
  for (const [value, tally] of tallies.get(counter) ?? []) {
    if (tally.n === 0) continue;
    counter.inc({ [label]: value }, tally.n);
    tally.n = 0;
  }
}

export function createGatewayMetrics(registry?: Registry): GatewayMetrics {
  const registers = registry ? [registry] : [];
  const existing = <T>(name: string): T | undefined =>
    registry ? (registry.getSingleMetric(name) as T | undefined) : undefined;
  /** A counter of one label whose hot-path tallies are folded in when it is collected. */
  const tallied = <L extends string>(name: string, help: string, label: L): Counter<L> =>
    existing<Counter<L>>(name) ??
    new Counter({
      name,
      help,
      labelNames: [label],
      registers,
      collect() {
        foldTallies(this, label);
      },
    });
  const eventsOut = tallied(
    "wirewatch_gateway_events_out_total",
    "Event frames written to sockets, by dialect.",
    "dialect",
  );
  const eventsIn = tallied(
    "wirewatch_gateway_events_in_total",
    "Events received from the bus for connected subscribers, by channel (custom.* as one).",
    "channel",
  );
  return {
    eventsOut,
    eventsOutTally: (dialect) => tallyOf(eventsOut, dialect),
    eventsInTally: (channel) => tallyOf(eventsIn, channel.startsWith("custom.") ? "custom.*" : channel),
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
