import { createRequire } from "node:module";
import type { Redis } from "ioredis";
import type { BusLogger } from "./bus.js";
import { BusError } from "./bus-error.js";
import { errorFields } from "./logger.js";

/** How one of the bus's two Redis connections is opened and watched. */
export interface RedisConnectionOptions {
  url: string;
  role: "publish" | "subscribe";
  /** Reconnect delays grow from 50 ms, doubling, capped here (ms). */
  reconnectMaxDelayMs: number;
  connectTimeoutMs: number;
  /**
   * A connection that owes replies and receives nothing for this long is dead (a frozen Redis,
   * a dropped flow): its socket is destroyed, its commands reject and it reconnects (ms).
   */
  replyTimeoutMs: number;
  /** TCP keepalive's first probe after this much idle time (ms). */
  keepAliveMs: number;
  logger: BusLogger;
  /** The connection is usable (after every (re)connect, once the ready check passed). */
  onUp: () => void;
  /** The connection was lost or closed. */
  onDown: () => void;
}

const RECONNECT_BASE_DELAY_MS = 50;

type RedisConstructor = typeof import("ioredis").Redis;
let redisConstructor: RedisConstructor | undefined;
/**
 * ioredis, loaded the first time a Redis bus opens a connection: a process on the memory bus
 * (`wirewatch start` without `WIREWATCH_REDIS_URL`) never loads it, which keeps ~10 MB of module
 * code and heap out of its RSS. A synchronous `require` (ioredis is CommonJS) rather than
 * `import()`, so `createRedisBus` stays synchronous.
 */
function loadRedis(): RedisConstructor {
  redisConstructor ??= (createRequire(import.meta.url)("ioredis") as typeof import("ioredis")).Redis;
  return redisConstructor;
}
/** Connections the bus is closing on purpose: their 'close' is not an outage. */
const closingOnPurpose = new WeakSet<Redis>();

/** Backoff: 50, 100, 200, 400, 800 ms, then the cap, with ±20 % jitter so replicas spread out. */
export function reconnectDelayMs(attempt: number, maxDelayMs: number): number {
  const base = Math.min(RECONNECT_BASE_DELAY_MS * 2 ** Math.min(attempt - 1, 20), maxDelayMs);
  return Math.round(Math.min(maxDelayMs, base * (0.8 + Math.random() * 0.4)));
}

/** `host:port` of a Redis URL, never its credentials. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "6379"}`;
  } catch {
    return "(unparseable Redis URL)";
  }
}

/**
 * Opens one connection for the bus.
 *
 * Contract: fail fast — no offline queue, no retries or resends of commands, so a command issued
 * while the connection is down (or in flight when it drops) rejects at once instead of waiting or
 * running twice; a connection that owes replies and hears nothing for `replyTimeoutMs` is
 * dropped (ioredis's `socketTimeout`), so a hung Redis cannot hold publishes; TCP keepalive on;
 * reconnects forever with capped backoff; never resubscribes by itself (the
 * subscriber does that, once per channel); losing the connection is logged at warn, then the
 * errors of the same outage at debug, and the recovery at info; `error` events never crash the
 * process.
 */
export function openRedisConnection(options: RedisConnectionOptions): Redis {
  const where = describeRedisUrl(options.url);
  const Redis = loadRedis();
  const redis = new Redis(options.url, {
    connectionName: `wirewatch-bus-${options.role}`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    enableAutoPipelining: options.role === "publish",
    connectTimeout: options.connectTimeoutMs,
    socketTimeout: options.replyTimeoutMs,
    keepAlive: options.keepAliveMs,
    retryStrategy: (attempt) => reconnectDelayMs(attempt, options.reconnectMaxDelayMs),
  });
  let outageLogged = false;
  let wasUp = false;
  redis.on("error", (error: unknown) => {
    const fields = { ...errorFields(error), redis: where, role: options.role };
    if (outageLogged) options.logger.debug(fields, "bus redis connection error");
    else options.logger.warn(fields, "bus redis connection error");
    outageLogged = true;
  });
  redis.on("ready", () => {
    if (wasUp || outageLogged)
      options.logger.info({ redis: where, role: options.role }, "bus redis connected");
    wasUp = true;
    outageLogged = false;
    options.onUp();
  });
  redis.on("close", () => {
    if (wasUp && !outageLogged && !closingOnPurpose.has(redis)) {
      options.logger.warn({ redis: where, role: options.role }, "bus redis connection lost");
      outageLogged = true;
    }
    options.onDown();
  });
  redis.on("end", () => options.onDown());
  return redis;
}

/**
 * Closes a connection and resolves once its socket is gone: QUIT when connected (in-flight replies
 * arrive first), otherwise an immediate disconnect that also cancels a pending reconnect.
 */
export async function closeRedisConnection(redis: Redis, timeoutMs = 2_000): Promise<void> {
  closingOnPurpose.add(redis);
  if (redis.status === "end") return;
  if (redis.status === "reconnecting" || redis.status === "wait") {
    // No socket: cancelling the reconnect timer is all there is to do (ioredis emits no 'end').
    redis.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    redis.once("end", () => resolve());
    timer = setTimeout(() => {
      redis.disconnect();
      resolve();
    }, timeoutMs);
  });
  if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
  await ended;
  clearTimeout(timer);
}

/** Maps an ioredis failure to the bus's codes: a Redis error reply, or the connection being down. */
export function toBusError(error: unknown): BusError {
  if (error instanceof BusError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "ReplyError") {
    return new BusError("WW_BUS_BACKEND_ERROR", `Redis refused the command: ${message}`, { cause: error });
  }
  return new BusError("WW_BUS_DOWN", `Redis is unreachable (${message})`, { cause: error });
}
