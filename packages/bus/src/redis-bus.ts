import { randomBytes } from "node:crypto";
import type { BusEvent, DraftEvent } from "@wirewatch/protocol";
import type { Bus, BusBaseOptions, BusHandler, HistoryResult, ResumePoint, Unsubscribe } from "./bus.js";
import { BusError } from "./bus-error.js";
import { LocalFanout, logHandlerError } from "./local-fanout.js";
import { stderrLogger } from "./logger.js";
import { ReadyState } from "./ready-state.js";
import { closeRedisConnection, openRedisConnection } from "./redis-connection.js";
import { readRedisHistory } from "./redis-history.js";
import { DEFAULT_KEY_PREFIX, isValidKeyPrefix } from "./redis-keys.js";
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
}

/**
 * The Redis bus: one auto-pipelined publishing connection and one subscribing connection per
 * bus (per process), one upstream SUBSCRIBE per channel, no PSUBSCRIBE. Every publish runs one
 * Lua script that assigns seq, keeps the capped history and the epoch, and PUBLISHes (see
 * redis-scripts.ts), so `history()` and `last()` answer the same from any process.
 *
 * Contract: the {@link Bus} guarantees, plus — `ready()` is true while both connections are up;
 * `publish`, `history` and `last` fail fast with `WW_BUS_DOWN` while the publishing connection is
 * down (nothing is queued); connections come back by themselves (backoff capped at
 * `reconnectMaxDelayMs`) and every channel is resubscribed and gap-filled from history (a fill
 * that finds the publishing connection still down waits up to 3 × `reconnectMaxDelayMs` for it,
 * holding that channel's live events back).
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
  const publishBatchMax = Math.min(positiveInt("publishBatchMax", options.publishBatchMax, 256), 4096);
  const publishInFlightMax = positiveInt("publishInFlightMax", options.publishInFlightMax, 50_000);
  const connection = {
    url: options.redisUrl,
    reconnectMaxDelayMs: positiveInt("reconnectMaxDelayMs", options.reconnectMaxDelayMs, 1000),
    connectTimeoutMs: positiveInt("connectTimeoutMs", options.connectTimeoutMs, 2000),
    logger,
  };
  const readiness = new ReadyState(logger);
  const fanout = new LocalFanout(options.onHandlerError ?? logHandlerError(logger), logger);
  let publishUp = false;
  let subscribeUp = false;
  let closed = false;
  let closing: Promise<void> | undefined;
  const update = () => readiness.set(!closed && publishUp && subscribeUp);
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
      onUp: () => {
        publishUp = true;
        update();
        releaseHistoryWaiters(true);
      },
      onDown: () => {
        publishUp = false;
        update();
      },
    }),
  );
  const publisher = new RedisPublisher({
    redis: pubRedis,
    keyPrefix,
    historyMaxLen,
    publishBatchMax,
    publishInFlightMax,
    epochSuffix: randomBytes(4).toString("hex"),
    isUp: () => publishUp,
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
  });

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
