/**
 * Alert state in Redis, so a restarted collector neither fires again nor loses a recovery.
 *
 * Keys (prefix `ww`, the bus's; the braces are a Cluster hash tag so both keys share a slot):
 * - `ww:alerts:{<scope>}:state` — hash: alert id → JSON of the alert's state;
 * - `ww:alerts:{<scope>}:silences` — hash: silence id → JSON of the silence.
 * `scope` is the collector's host name: each collector process keeps its own alerts (they are
 * evaluated where their samples originate). Two collectors must not share a host name.
 *
 * One connection of its own (`wirewatch-alerts`), separate from the bus's. Commands issued while
 * Redis is unreachable fail after one reconnect attempt; the engine retries.
 */

import { errorText, type Logger, silentLogger } from "@wirewatch/protocol";
import { Redis } from "ioredis";
import type { AlertState } from "./alert-state.js";
import { AlertsError } from "./errors.js";
import { decodeAlert, decodeSilence, encodeRecord } from "./record-codec.js";
import type { Silence } from "./silences.js";
import type { AlertStateStore, StoredState } from "./state-store.js";

export interface RedisStateStoreOptions {
  redisUrl: string;
  /** Prefix of the keys, the bus's `bus.redis.keyPrefix` (a trailing `:` is dropped). Default `ww`. */
  keyPrefix?: string;
  /** Whose alerts these are: the collector's host name. */
  scope: string;
  logger?: Logger;
  connectTimeoutMs?: number;
  reconnectMaxDelayMs?: number;
}

export interface RedisStateStore extends AlertStateStore {
  readonly keys: { state: string; silences: string };
}

/** Anything but whitespace and braces (the braces delimit the Cluster hash tag). */
const SCOPE_RE = /^[^\s{}]{1,128}$/;

export function redisStateKeys(keyPrefix: string, scope: string): { state: string; silences: string } {
  const prefix = keyPrefix.replace(/:+$/, "") || "ww";
  return { state: `${prefix}:alerts:{${scope}}:state`, silences: `${prefix}:alerts:{${scope}}:silences` };
}

export function createRedisStateStore(options: RedisStateStoreOptions): RedisStateStore {
  if (!SCOPE_RE.test(options.scope)) {
    throw new AlertsError(
      "WW_ALERTS_STORE",
      `scope must be 1-128 characters without spaces or braces, got '${options.scope}'`,
    );
  }
  const logger = options.logger ?? silentLogger;
  const keys = redisStateKeys(options.keyPrefix ?? "ww", options.scope);
  const maxDelay = options.reconnectMaxDelayMs ?? 1000;
  const redis = new Redis(options.redisUrl, {
    connectionName: "wirewatch-alerts",
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
  });
  let outage = false;
  redis.on("error", (error: unknown) => {
    if (!outage) logger.warn({ err: errorText(error) }, "alert state store: redis connection error");
    outage = true;
  });
  redis.on("ready", () => {
    if (outage) logger.info({}, "alert state store: redis connected");
    outage = false;
  });

  const run = async <T>(what: string, command: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      throw new AlertsError("WW_ALERTS_STORE", `${what}: ${errorText(error)}`, { cause: error });
    }
  };

  return {
    kind: "redis",
    keys,
    async load(): Promise<StoredState> {
      const [alerts, silences] = await run("loading alert state from redis", () =>
        Promise.all([redis.hgetall(keys.state), redis.hgetall(keys.silences)]),
      );
      const out: StoredState = { alerts: [], silences: [], skipped: [] };
      for (const [id, text] of Object.entries(alerts)) {
        const alert = decodeAlert(text);
        if (alert) out.alerts.push(alert);
        else out.skipped.push(id);
      }
      for (const [id, text] of Object.entries(silences)) {
        const silence = decodeSilence(text);
        if (silence) out.silences.push(silence);
        else out.skipped.push(id);
      }
      return out;
    },
    async saveAlert(state: AlertState) {
      await run("saving an alert", () => redis.hset(keys.state, state.id, encodeRecord(state)));
    },
    async deleteAlert(id: string) {
      await run("deleting an alert", () => redis.hdel(keys.state, id));
    },
    async saveSilence(silence: Silence) {
      await run("saving a silence", () => redis.hset(keys.silences, silence.id, encodeRecord(silence)));
    },
    async deleteSilence(id: string) {
      await run("deleting a silence", () => redis.hdel(keys.silences, id));
    },
    async close() {
      if (redis.status === "end") return;
      if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
