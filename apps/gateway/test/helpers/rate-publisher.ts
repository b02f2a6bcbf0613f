import { type Bus, createRedisBus, silentLogger, waitForReady } from "@wirewatch/bus";

/** What a {@link RatePublisher} got back: every acknowledged publish, and the failures by code. */
export interface PublishLog {
  /** Acknowledged events in acknowledgement order: payload counter `n`, and where the bus put it. */
  acked: { n: number; seq: number; epoch: string; at: number }[];
  failures: Map<string, number>;
  attempts: number;
}

export interface RatePublisher {
  readonly log: PublishLog;
  /** Stops publishing and waits for publishes in flight; the bus stays open. */
  stop(): Promise<void>;
  close(): Promise<void>;
  readonly bus: Bus;
}

/**
 * A test's own publisher: a RedisBus in the test process publishing `channel` at `perSecond`
 * events (data `{ n }`, n counting attempts from 1), on a 10 ms tick that catches up with the
 * wall clock. Publishes that fail (WW_BUS_DOWN while Redis restarts) are counted, never retried.
 */
export async function startRatePublisher(options: {
  redisUrl: string;
  keyPrefix: string;
  historyMaxLen: number;
  channel: string;
  perSecond: number;
  host?: string;
}): Promise<RatePublisher> {
  const bus = createRedisBus({
    redisUrl: options.redisUrl,
    keyPrefix: options.keyPrefix,
    historyMaxLen: options.historyMaxLen,
    logger: silentLogger,
  });
  await waitForReady(bus, 10_000);
  const log: PublishLog = { acked: [], failures: new Map(), attempts: 0 };
  const inFlight = new Set<Promise<unknown>>();
  const started = Date.now();
  const tick = () => {
    const due = Math.floor(((Date.now() - started) / 1000) * options.perSecond);
    const burst = Math.min(due - log.attempts, options.perSecond);
    for (let i = 0; i < burst; i++) {
      const n = ++log.attempts;
      const p = bus
        .publish({ channel: options.channel, host: options.host ?? "test-publisher", data: { n } })
        .then(
          (event) => log.acked.push({ n, seq: event.seq, epoch: event.epoch, at: Date.now() }),
          (error: { code?: string }) => {
            const code = error.code ?? "unknown";
            log.failures.set(code, (log.failures.get(code) ?? 0) + 1);
          },
        );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  };
  const timer = setInterval(tick, 10);
  return {
    log,
    bus,
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
    async close() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      await bus.close();
    },
  };
}
