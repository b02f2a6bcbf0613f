import type { BusEvent, DraftEvent } from "@wirewatch/protocol";
import { BusError } from "./bus-error.js";
import { encodeDraft, nowIso } from "./redis-codec.js";
import { toBusError } from "./redis-connection.js";
import { type ChannelKeys, channelKeys } from "./redis-keys.js";
import type { ScriptedRedis } from "./redis-scripts.js";
import { assertDraft } from "./validate.js";

export interface RedisPublisherOptions {
  redis: ScriptedRedis;
  keyPrefix: string;
  historyMaxLen: number;
  /** Bytes of history kept per channel (whole batches; the newest always stays). */
  historyMaxBytes: number;
  /** Most events one script call carries. */
  publishBatchMax: number;
  /** Most events accepted and not yet answered by Redis; beyond, `WW_BUS_QUEUE_FULL`. */
  publishInFlightMax: number;
  /** Random per bus; part of any epoch this bus happens to create. */
  epochSuffix: string;
  /** Whether the publishing connection is up right now. */
  isUp: () => boolean;
  /** The deadline a script call carries (see redis-clock.ts), taken when it is sent. */
  deadline: () => string;
}

const noop = () => {};

interface PendingPublish {
  draft: DraftEvent<unknown>;
  timestamp: string;
  json: string;
  resolve: (event: BusEvent<unknown>) => void;
  reject: (error: unknown) => void;
}

/**
 * The publishing half of the Redis bus.
 *
 * Contract: fail fast — while the connection is down `publish` rejects at once with
 * `WW_BUS_DOWN` and nothing is queued; a publish in flight when the connection drops rejects with
 * `WW_BUS_DOWN` too (it may or may not have been applied: its seq is then simply unused or
 * delivered), and so does one Redis does not answer in time (the connection's reply timeout). A
 * script call carries a deadline: Redis drops a call it reaches after it (a frozen Redis waking
 * up), so a publish that was reported failed is not delivered minutes later. Publishes made in the same tick are grouped per channel into one script call
 * (at most `publishBatchMax` events), in call order, so per-channel order is the call order.
 * At most `publishInFlightMax` events wait for Redis; more reject with `WW_BUS_QUEUE_FULL`.
 */
export class RedisPublisher {
  private pending = new Map<string, PendingPublish[]>();
  private scheduled = false;
  private inFlight = 0;
  private readonly calls = new Set<Promise<void>>();
  private readonly keys = new Map<string, ChannelKeys>();
  private readonly maxLenArg: string;
  private readonly maxBytesArg: string;

  constructor(private readonly options: RedisPublisherOptions) {
    this.maxLenArg = String(options.historyMaxLen);
    this.maxBytesArg = String(options.historyMaxBytes);
  }

  /** Events accepted and not yet answered. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  publish<T>(draft: DraftEvent<T>): Promise<BusEvent<T>> {
    let item: PendingPublish;
    try {
      assertDraft(draft);
      if (!this.options.isUp()) {
        throw new BusError(
          "WW_BUS_DOWN",
          "Redis is unreachable; the event was not published (nothing is queued)",
        );
      }
      if (this.inFlight >= this.options.publishInFlightMax) {
        throw new BusError(
          "WW_BUS_QUEUE_FULL",
          `${this.inFlight} publishes are waiting for Redis (publishInFlightMax ${this.options.publishInFlightMax})`,
        );
      }
      const timestamp = draft.timestamp ?? nowIso();
      item = { draft, timestamp, json: encodeDraft(draft, timestamp), resolve: noop, reject: noop };
    } catch (error) {
      return Promise.reject(error);
    }
    this.inFlight++;
    const queued = item;
    return new Promise<BusEvent<T>>((resolve, reject) => {
      queued.resolve = resolve as (event: BusEvent<unknown>) => void;
      queued.reject = reject;
      const list = this.pending.get(draft.channel);
      if (list) list.push(queued);
      else this.pending.set(draft.channel, [queued]);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  /** Sends what is pending and resolves when every publish accepted so far is answered. */
  async drain(): Promise<void> {
    this.flush();
    while (this.calls.size > 0) await Promise.allSettled([...this.calls]);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    const max = this.options.publishBatchMax;
    for (const [channel, items] of pending) {
      const keys = this.keysFor(channel);
      for (let i = 0; i < items.length; i += max)
        this.send(keys, items.length <= max ? items : items.slice(i, i + max));
    }
  }

  private send(keys: ChannelKeys, items: PendingPublish[]): void {
    const joined = items.map((item) => item.json).join(",");
    for (const item of items) item.json = ""; // let the per-event strings go before the reply
    const call = this.options.redis
      .wwPublish(
        keys.meta,
        keys.history,
        keys.index,
        keys.pubsub,
        this.maxLenArg,
        this.options.epochSuffix,
        String(items.length),
        joined,
        this.options.deadline(),
        this.maxBytesArg,
      )
      .then(
        ([first, epoch]) => {
          if (first === 0) {
            const late = new BusError(
              "WW_BUS_DOWN",
              "Redis reached the publish after its deadline; not published",
            );
            for (const item of items) item.reject(late);
            return;
          }
          for (let i = 0; i < items.length; i++) {
            const { draft, timestamp, resolve } = items[i] as PendingPublish;
            resolve({
              type: draft.type ?? draft.channel,
              channel: draft.channel,
              host: draft.host,
              seq: first + i,
              epoch,
              timestamp,
              data: draft.data,
            });
          }
        },
        (error: unknown) => {
          const busError = toBusError(error);
          for (const item of items) item.reject(busError);
        },
      );
    const tracked = call.finally(() => {
      this.inFlight -= items.length;
      this.calls.delete(tracked);
    });
    this.calls.add(tracked);
  }

  private keysFor(channel: string): ChannelKeys {
    let keys = this.keys.get(channel);
    if (!keys) {
      if (this.keys.size >= 10_000) this.keys.clear();
      keys = channelKeys(this.options.keyPrefix, channel);
      this.keys.set(channel, keys);
    }
    return keys;
  }
}
