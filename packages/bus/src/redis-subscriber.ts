import type { BusEvent } from "@wirewatch/protocol";
import type { Redis } from "ioredis";
import type { BusHandler, BusLogger, HistoryResult, ResumePoint, Unsubscribe } from "./bus.js";
import { ChannelSequencer } from "./channel-sequencer.js";
import type { HandlerEntry, LocalFanout } from "./local-fanout.js";
import { errorFields } from "./logger.js";
import { decodeMessage } from "./redis-codec.js";
import { channelKeys } from "./redis-keys.js";

export interface RedisSubscriberOptions {
  redis: Redis;
  keyPrefix: string;
  fanout: LocalFanout;
  logger: BusLogger;
  /** Reads history (over the publishing connection) to fill gaps. */
  history: (channel: string, since: ResumePoint) => Promise<HistoryResult>;
  /** Page size of gap filling. */
  historyMaxLen: number;
  /** Resolves true once history can be read again (the publishing connection is up). */
  whenHistoryUp: (timeoutMs: number) => Promise<boolean>;
  /** How long a gap fill waits for history to come back, holding live events back (ms). */
  fillWaitMs: number;
  /** The liveness probe's channel, subscribed on every connection, and what to tell the probe. */
  probe: { channel: string; subscribed: () => void; delivered: (message: string) => void };
}

/** One upstream subscription. */
interface ChannelSub {
  readonly name: string;
  readonly pubsub: string;
  /** SUBSCRIBE acknowledged on the current connection. */
  active: boolean;
  /** `subscribed` promises waiting for `active`. */
  readonly waiters: Map<HandlerEntry, (subscribed: boolean) => void>;
  readonly sequencer: ChannelSequencer;
}

/**
 * The subscribing half of the Redis bus: one SUBSCRIBE per channel however many handlers (no
 * PSUBSCRIBE), resubscription of every channel after each reconnect, and per-channel ordering
 * with gap filling (see {@link ChannelSequencer}).
 *
 * Contract: a channel's upstream subscription starts with its first local handler and ends with
 * its last; `subscribed` resolves once SUBSCRIBE is acknowledged (after a reconnect if need be).
 */
export class RedisSubscriber {
  private readonly channels = new Map<string, ChannelSub>();
  private readonly byPubsub = new Map<string, ChannelSub>();
  private up = false;
  private generation = 0;

  constructor(private readonly options: RedisSubscriberOptions) {
    options.redis.on("message", (pubsub: string, text: string) => this.onMessage(pubsub, text));
  }

  subscribe(name: string, handler: BusHandler<unknown>): Unsubscribe {
    const { fanout } = this.options;
    const { entry } = fanout.add(name, handler);
    const sub = this.channels.get(name) ?? this.open(name);
    const subscribed = sub.active
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => sub.waiters.set(entry, resolve));
    const unsubscribe = () => {
      sub.waiters.get(entry)?.(false);
      sub.waiters.delete(entry);
      if (!fanout.remove(name, entry).last) return;
      this.drop(sub);
      if (this.up)
        this.options.redis.unsubscribe(sub.pubsub).catch((error: unknown) => this.logDebug(error, name));
    };
    return Object.assign(unsubscribe, { subscribed });
  }

  /** The connection is (again) ready: subscribe every channel, then fill what was missed. */
  connectionUp(): void {
    this.up = true;
    const generation = ++this.generation;
    for (const sub of this.channels.values()) this.sendSubscribe(sub, true);
    const { probe } = this.options;
    this.options.redis.subscribe(probe.channel).then(
      () => {
        if (generation === this.generation && this.up) probe.subscribed();
      },
      (error: unknown) => this.logDebug(error, probe.channel),
    );
  }

  connectionDown(): void {
    this.up = false;
    for (const sub of this.channels.values()) sub.active = false;
  }

  /** Forgets every subscription (close): pending `subscribed` promises resolve false. */
  clear(): void {
    for (const sub of [...this.channels.values()]) this.drop(sub);
  }

  private open(name: string): ChannelSub {
    const { options } = this;
    const sub: ChannelSub = {
      name,
      pubsub: channelKeys(options.keyPrefix, name).pubsub,
      active: false,
      waiters: new Map(),
      sequencer: new ChannelSequencer({
        channel: name,
        deliver: (event) => options.fanout.deliver(event),
        history: options.history,
        historyMaxLen: options.historyMaxLen,
        whenHistoryUp: options.whenHistoryUp,
        fillWaitMs: options.fillWaitMs,
        isCurrent: () => this.channels.get(name) === sub,
        logger: options.logger,
      }),
    };
    this.channels.set(name, sub);
    this.byPubsub.set(sub.pubsub, sub);
    if (this.up) this.sendSubscribe(sub, false);
    return sub;
  }

  private drop(sub: ChannelSub): void {
    for (const resolve of sub.waiters.values()) resolve(false);
    sub.waiters.clear();
    if (this.channels.get(sub.name) === sub) {
      this.channels.delete(sub.name);
      this.byPubsub.delete(sub.pubsub);
    }
  }

  private sendSubscribe(sub: ChannelSub, resumed: boolean): void {
    const generation = this.generation;
    this.options.redis.subscribe(sub.pubsub).then(
      () => {
        if (this.channels.get(sub.name) !== sub || generation !== this.generation) return;
        sub.active = true;
        for (const resolve of sub.waiters.values()) resolve(true);
        sub.waiters.clear();
        if (resumed) sub.sequencer.resume();
      },
      // The next 'ready' subscribes again; a refusal (ACL) is worth a warning.
      (error: unknown) =>
        error instanceof Error && error.name === "ReplyError"
          ? this.options.logger.warn({ ...errorFields(error), channel: sub.name }, "bus SUBSCRIBE refused")
          : this.logDebug(error, sub.name),
    );
  }

  private onMessage(pubsub: string, text: string): void {
    const sub = this.byPubsub.get(pubsub);
    if (!sub) {
      if (pubsub === this.options.probe.channel) this.options.probe.delivered(text);
      return;
    }
    let events: BusEvent[];
    try {
      events = decodeMessage(text);
    } catch (error) {
      this.options.logger.warn(
        { ...errorFields(error), channel: sub.name },
        "bus dropped a malformed message",
      );
      return;
    }
    for (const event of events) sub.sequencer.accept(event);
  }

  private logDebug(error: unknown, channel: string): void {
    this.options.logger.debug({ ...errorFields(error), channel }, "bus subscription command failed");
  }
}
