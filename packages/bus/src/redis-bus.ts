import { randomBytes } from "node:crypto";
import type { BusEvent, DraftEvent } from "@wirewatch/protocol";
import type { Bus, BusBaseOptions, BusHandler, HistoryResult, ResumePoint, Unsubscribe } from "./bus.js";
import { BusError } from "./bus-error.js";
import { LocalFanout, logHandlerError } from "./local-fanout.js";
import { errorFields, stderrLogger } from "./logger.js";
import { ReadyState } from "./ready-state.js";
import { RedisClock } from "./redis-clock.js";
import { closeRedisConnection, describeRedisUrl, openRedisConnection } from "./redis-connection.js";
import { readRedisHistory } from "./redis-history.js";
import { DEFAULT_KEY_PREFIX, isValidKeyPrefix, probeChannel } from "./redis-keys.js";
import { LivenessProbe } from "./redis-liveness.js";
import { RedisPublisher } from "./redis-publisher.js";
import { defineBusScripts } from "./redis-scripts.js";
import { RedisSubscriber } from "./redis-subscriber.js";
import { assertChannel, assertResumePoint, positiveInt, resolveLimit } from "./validate.js";

export interface RedisBusOptions extends BusBaseOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). Never logged with credentials. */
  redisUrl: string;
  /** Prefix of every key and pub/sub channel (see redis-keys.ts). Default `ww`. */
  keyPrefix?: string;
  /** Reconnect backoff cap. Default 1000 ms. */
  reconnectMaxDelayMs?: number;
  /** Give up one connection attempt after this long. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Most events per publish script call. Default 256. */
  publishBatchMax?: number;
  /** Most publishes waiting for Redis before `WW_BUS_QUEUE_FULL`. Default 50 000. */
  publishInFlightMax?: number;
  /**
   * A connection that owes Redis replies and hears nothing for this long is dropped and
   * reconnected; its commands reject with `WW_BUS_DOWN`. A publish Redis reaches more than half
   * of this after it was sent is dropped by Redis. Default 2000 ms.
   */
  replyTimeoutMs?: number;
  /** TCP keepalive's idle time before the first probe. Default 10 000 ms. */
  keepAliveMs?: number;
  /** How often the liveness probe checks that pub/sub delivers. Default 2000 ms. */
  probeIntervalMs?: number;
  /** A probe not delivered within this long means the feed is dead. Default 3000 ms. */
  probeTimeoutMs?: number;
}

/**
 * The Redis bus: one auto-pipelined publishing connection and one subscribing connection per
 * bus (per process), one upstream SUBSCRIBE per channel, no PSUBSCRIBE. Every publish runs one
 * Lua script that assigns seq, keeps the capped history and the epoch, and PUBLISHes (see
 * redis-scripts.ts), so `history()` and `last()` answer the same from any process.
 *
 * Contract: the {@link Bus} guarantees, plus — `ready()` is true while both connections are up
 * and pub/sub is known to deliver; `publish`, `history` and `last` fail fast with `WW_BUS_DOWN`
 * while the publishing connection is down (nothing is queued), and a publish Redis does not
 * answer within `replyTimeoutMs` rejects with `WW_BUS_DOWN` and is never applied later;
 * connections come back by themselves (backoff capped at `reconnectMaxDelayMs`) and every channel
 * is resubscribed and gap-filled from history (a fill that finds the publishing connection still
 * down waits up to 3 × `reconnectMaxDelayMs` for it, holding that channel's live events back).
 * A liveness probe (redis-liveness.ts) publishes on a channel of its own and expects it back: a
 * probe not delivered within `probeTimeoutMs` logs a warning, makes `ready()` false and
 * reconnects the subscribing connection (which resubscribes and fills from history); the first
 * probe delivered afterwards makes it ready again.
 */
export function createRedisBus(options: RedisBusOptions): Bus {
  const logger = options.logger ?? stderrLogger;
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  if (!isValidKeyPrefix(keyPrefix)) {
    throw new BusError(
      "WW_BUS_INVALID_ARGUMENT",
      "keyPrefix must be 1-64 of [A-Za-z0-9._:-], not ending in ':'",
    );
  }
  const historyMaxLen = positiveInt("historyMaxLen", options.historyMaxLen, 1000);
  const historyMaxBytes = positiveInt("historyMaxBytes", options.historyMaxBytes, 8 * 1024 * 1024);
  const publishBatchMax = Math.min(positiveInt("publishBatchMax", options.publishBatchMax, 256), 4096);
  const publishInFlightMax = positiveInt("publishInFlightMax", options.publishInFlightMax, 50_000);
  const replyTimeoutMs = positiveInt("replyTimeoutMs", options.replyTimeoutMs, 2000);
  const connection = {
    url: options.redisUrl,
    reconnectMaxDelayMs: positiveInt("reconnectMaxDelayMs", options.reconnectMaxDelayMs, 1000),
    connectTimeoutMs: positiveInt("connectTimeoutMs", options.connectTimeoutMs, 2000),
    replyTimeoutMs,
    keepAliveMs: positiveInt("keepAliveMs", options.keepAliveMs, 10_000),
    logger,
  };
  const busId = randomBytes(4).toString("hex");
  const readiness = new ReadyState(logger);
  const fanout = new LocalFanout(options.onHandlerError ?? logHandlerError(logger), logger);
  let publishUp = false;
  let subscribeUp = false;
  let closed = false;
  let closing: Promise<void> | undefined;
  const update = () => readiness.set(!closed && publishUp && subscribeUp && !probe.isDead());
  const clock = new RedisClock();
  /** Gap fills waiting for the publishing connection (history) to come back. */
  const historyWaiters = new Set<(up: boolean) => void>();
  const releaseHistoryWaiters = (up: boolean) => {
    for (const release of [...historyWaiters]) release(up);
  };
  const whenHistoryUp = (timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (publishUp || closed) return resolve(publishUp && !closed);
      const release = (up: boolean) => {
        clearTimeout(timer);
        historyWaiters.delete(release);
        resolve(up);
      };
      const timer = setTimeout(() => release(false), timeoutMs);
      historyWaiters.add(release);
    });

  const pubRedis = defineBusScripts(
    openRedisConnection({
      ...connection,
      role: "publish",
      // Up once Redis's clock is known, so every publish carries a deadline.
      onUp: () => {
        clock.sync(pubRedis).then(
          () => markPublishUp(),
          (error: unknown) => {
            if (!(error instanceof Error && error.name === "ReplyError")) return; // the connection dropped
            logger.warn(errorFields(error), "bus: Redis refused TIME; publishes carry no deadline");
            clock.reset();
            markPublishUp();
          },
        );
      },
      onDown: () => {
        publishUp = false;
        update();
      },
    }),
  );
  const markPublishUp = () => {
    if (closed || pubRedis.status !== "ready") return;
    publishUp = true;
    update();
    releaseHistoryWaiters(true);
  };
  const publisher = new RedisPublisher({
    redis: pubRedis,
    keyPrefix,
    historyMaxLen,
    historyMaxBytes,
    publishBatchMax,
    publishInFlightMax,
    epochSuffix: busId,
    isUp: () => publishUp,
    deadline: () => clock.deadline(replyTimeoutMs / 2),
  });

  const assertOpen = () => {
    if (closed) throw new BusError("WW_BUS_CLOSED", "the bus is closed");
  };

  const history = async (channel: string, since?: ResumePoint, limit?: number): Promise<HistoryResult> => {
    assertOpen();
    const name = assertChannel(channel);
    assertResumePoint(since);
    const count = resolveLimit(limit, historyMaxLen);
    if (!publishUp) throw new BusError("WW_BUS_DOWN", "Redis is unreachable; history is not available");
    return readRedisHistory(pubRedis, keyPrefix, name, since, count, historyMaxLen);
  };

  // The callbacks below run on connection events, which come after `subscriber` exists.
  const subRedis = openRedisConnection({
    ...connection,
    role: "subscribe",
    onUp: () => {
      subscribeUp = true;
      subscriber.connectionUp();
      update();
    },
    onDown: () => {
      subscribeUp = false;
      subscriber.connectionDown();
      update();
    },
  });
  const subscriber = new RedisSubscriber({
    redis: subRedis,
    keyPrefix,
    fanout,
    logger,
    history: (channel, since) => history(channel, since),
    historyMaxLen,
    whenHistoryUp,
    fillWaitMs: 3 * connection.reconnectMaxDelayMs,
    probe: {
      channel: probeChannel(keyPrefix, busId),
      subscribed: () => probe.resubscribed(),
      delivered: (message) => probe.delivered(message),
    },
  });
  const probe: LivenessProbe = new LivenessProbe({
    intervalMs: positiveInt("probeIntervalMs", options.probeIntervalMs, 2000),
    timeoutMs: positiveInt("probeTimeoutMs", options.probeTimeoutMs, 3000),
    publish: (message) => pubRedis.publish(probeChannel(keyPrefix, busId), message),
    canProbe: () => publishUp && subscribeUp && !closed,
    onMiss: (waitedMs, first) => {
      if (first) {
        logger.warn(
          { waitedMs, redis: describeRedisUrl(options.redisUrl) },
          "bus pub/sub delivers nothing (liveness probe missed); reconnecting the subscribing connection",
        );
      }
      update();
      subRedis.disconnect(true);
    },
    onAlive: () => {
      logger.info({ redis: describeRedisUrl(options.redisUrl) }, "bus pub/sub delivers again");
      update();
    },
    logger,
  });
  probe.start();

  return {
    engine: "redis",
    publish<T>(draft: DraftEvent<T>): Promise<BusEvent<T>> {
      if (closed) return Promise.reject(new BusError("WW_BUS_CLOSED", "the bus is closed"));
      return publisher.publish(draft);
    },
    subscribe<T>(channel: string, handler: BusHandler<T>): Unsubscribe {
      assertOpen();
      return subscriber.subscribe(assertChannel(channel), handler as BusHandler<unknown>);
    },
    history,
    async last(channel: string): Promise<BusEvent | undefined> {
      return (await history(channel, undefined, 1)).events[0];
    },
    ready: () => readiness.get(),
    onReadyChange: (listener) => readiness.listen(listener),
    close() {
      if (closing) return closing;
      closed = true;
      probe.stop();
      update();
      releaseHistoryWaiters(false);
      subscriber.clear();
      fanout.clear();
      closing = (async () => {
        await publisher.drain();
        await Promise.all([closeRedisConnection(pubRedis), closeRedisConnection(subRedis)]);
        readiness.clear();
      })();
      return closing;
    },
  };
}
