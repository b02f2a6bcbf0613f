import type { BusEvent } from "@wirewatch/protocol";
import type { GatewayBus } from "../bus-port.js";
import type { Dialect } from "../dialect.js";
import type { Logger } from "../logger.js";
import type { Tally } from "../metrics.js";

/** One socket as the hub sees it: its dialect, and where a live event of its channels goes. */
export interface HubSubscriber {
  readonly dialect: Dialect;
  deliver(event: BusEvent, frames: EncodedEvent): void;
}

/**
 * Fan-out (architecture §1, §7): one bus subscription per base channel per process, shared by every
 * socket subscribed to that channel and refcounted by them. For each event the hub builds one
 * {@link EncodedEvent}: each dialect encodes it at most once, into one Buffer, and that same
 * Buffer is handed to every subscribed socket of that dialect (host filters are applied per
 * socket by the socket's session, before the frame is asked for).
 *
 * Ordering: sockets receive a channel's events in the order the bus delivers them. A session
 * that throws is logged and skipped; it never stops delivery to the others.
 */
export interface Hub {
  /**
   * Adds `subscriber` to `channel`'s fan-out, subscribing the bus on the first one. Idempotent.
   * Resolves true once the bus subscription is active (events published afterwards reach the
   * subscriber): callers read history or the last value only after that, so nothing falls
   * between the two.
   */
  attach(subscriber: HubSubscriber, channel: string): Promise<boolean>;
  /** Removes it; the bus subscription ends with the last subscriber. Idempotent. */
  detach(subscriber: HubSubscriber, channel: string): void;
  /** Channels with a bus subscription now. */
  channels(): string[];
  subscriberCount(channel: string): number;
  /** Ends every bus subscription. */
  close(): void;
}

/** An event with its per-dialect frames, encoded lazily and at most once each. */
export class EncodedEvent {
  private readonly frames = new Map<Dialect, Buffer | null>();
  private queueKey: string | undefined;
  encodings = 0;

  constructor(readonly event: BusEvent) {}

  /** `channel@host`: the key a socket's outbound queue coalesces `latest` frames by. */
  get key(): string {
    this.queueKey ??= `${this.event.channel}@${this.event.host}`;
    return this.queueKey;
  }

  /** The frame for `dialect`, or null when that dialect does not forward the event. */
  frame(dialect: Dialect): Buffer | null {
    const cached = this.frames.get(dialect);
    if (cached !== undefined) return cached;
    this.encodings++;
    const text = dialect.encode(this.event);
    const frame = text === null ? null : Buffer.from(text, "utf8");
    this.frames.set(dialect, frame);
    return frame;
  }
}

/**
 * The {@link Hub} of one gateway over `bus`. `received(channel)`: the tally the hub bumps once per
 * event it receives on `channel` (the gateway's `wirewatch_gateway_events_in_total`); default none.
 */
export function createHub(bus: GatewayBus, logger: Logger, received?: (channel: string) => Tally): Hub {
  const channels = new Map<
    string,
    {
      subscribers: Set<HubSubscriber>;
      unsubscribe: () => void;
      subscribed: Promise<boolean>;
      tally: Tally;
    }
  >();

  const dispatch = (channel: string, event: BusEvent): void => {
    const entry = channels.get(channel);
    if (!entry) return;
    entry.tally.n++;
    const encoded = new EncodedEvent(event);
    for (const subscriber of entry.subscribers) {
      try {
        subscriber.deliver(event, encoded);
      } catch (err) {
        logger.error({ err, channel }, "delivering an event to a socket failed");
      }
    }
  };

  return {
    attach(subscriber, channel) {
      let entry = channels.get(channel);
      if (!entry) {
        const unsubscribe = bus.subscribe(channel, (event) => dispatch(channel, event));
        entry = {
          subscribers: new Set(),
          unsubscribe,
          subscribed: unsubscribe.subscribed,
          tally: received?.(channel) ?? { n: 0 },
        };
        channels.set(channel, entry);
      }
      entry.subscribers.add(subscriber);
      return entry.subscribed;
    },
    detach(subscriber, channel) {
      const entry = channels.get(channel);
      if (!entry) return;
      entry.subscribers.delete(subscriber);
      if (entry.subscribers.size === 0) {
        channels.delete(channel);
        entry.unsubscribe();
      }
    },
    channels: () => [...channels.keys()],
    subscriberCount: (channel) => channels.get(channel)?.subscribers.size ?? 0,
    close() {
      for (const entry of channels.values()) entry.unsubscribe();
      channels.clear();
    },
  };
}
