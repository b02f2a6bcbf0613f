import type { ClientCommand, PublishAck, ServerReply } from "@wirewatch/protocol";
import type { AnyChannelEvent, ChannelEvent, ChannelRefString } from "./channel-types.js";
import type { ClientError } from "./errors.js";
import type { GapEvent } from "./position.js";

/** `connecting` (first attempt or a retry in progress), `open`, `reconnecting` (waiting to retry), `closed`. */
export type ClientState = "connecting" | "open" | "reconnecting" | "closed";

export interface ClientEvents {
  /** A connection opened; everything wanted was asked for again (with `since` where known). */
  open: { url: string; reconnected: boolean };
  /**
   * A connection attempt or an open connection ended. `httpStatus` and `retryAfterMs` (its
   * `Retry-After`) describe a refused upgrade, in Node with `ws` only.
   */
  close: {
    code: number;
    reason: string;
    httpStatus?: number;
    retryAfterMs?: number;
    wasOpen: boolean;
    willReconnect: boolean;
  };
  /** The next attempt is scheduled `delayMs` from now; `attempt` counts failures in a row from 1. */
  reconnecting: { attempt: number; delayMs: number };
  /** A hole in a subscription's stream the gateway could not replay (see {@link GapEvent}). */
  gap: GapEvent;
  /** Server error frames (server codes) and the client's own problems (see ClientErrorCode). */
  error: ClientError;
  /** Every event delivered to at least one subscription, once, after de-duplication. */
  event: AnyChannelEvent;
  /**
   * The gateway's feed: `bus_unavailable` while its bus is down (no events come; say so on a
   * dashboard), `bus_available` when it is back (missed events follow, replayed).
   */
  status: { status: "bus_unavailable" | "bus_available"; message: string };
}

export interface SubscribeOptions {
  /** Ask for the channel's last value first (also after a resume that was not recovered). Default true. */
  snapshot?: boolean;
}

/** One `subscribe()` call. */
export interface Subscription {
  /** The normalized reference (`system.stats@nas1`). */
  readonly channel: string;
  /** False once unsubscribed, or when the gateway refused the channel for good. */
  readonly active: boolean;
  /** Stops this handler; the reference's last handler also unsubscribes on the gateway. Idempotent. */
  unsubscribe(): void;
}

/**
 * What `subscribe()` returns: usable at once (`.unsubscribe()`), and a promise that resolves
 * with the subscription on the gateway's `subscription_ack` (at once when the reference was
 * already acked), or rejects with a {@link ClientError} carrying the server's code
 * (`forbidden_channel`, `unknown_channel`, …) when the gateway refuses it for good.
 */
export type PendingSubscription = Subscription & Promise<Subscription>;

export interface ClientStats {
  state: ClientState;
  /** Connections opened. */
  connects: number;
  /** Connections opened after a previous one ended. */
  reconnects: number;
  /** Events delivered (each frame counted once however many subscriptions received it). */
  events: number;
  /** Of those, replayed after a reconnect (`recovered: true`). */
  recovered: number;
  /** Events dropped because every subscription they belong to had them already. */
  duplicatesDropped: number;
  /** Events dropped because they belong to an epoch the subscription already left. */
  staleDropped: number;
  /** `gap` events emitted. */
  gaps: number;
}

export interface Client {
  /**
   * Subscribes to a channel (`system.stats`) or a host-narrowed reference
   * (`system.stats@nas1`); `handler` gets each event once, in order, typed by channel. The
   * subscription survives reconnects: it is resumed from its last `(epoch, seq)`.
   * Throws `WW_CLIENT_INVALID_CHANNEL` for a malformed reference, `closed` after `close()`.
   */
  subscribe<R extends ChannelRefString>(
    channel: R,
    handler?: (event: ChannelEvent<R>) => void,
    options?: SubscribeOptions,
  ): PendingSubscription;
  on<K extends keyof ClientEvents>(name: K, listener: (payload: ClientEvents[K]) => void): () => void;
  off<K extends keyof ClientEvents>(name: K, listener: (payload: ClientEvents[K]) => void): void;
  /**
   * Sends any other command (`list_channels`, `list_subscriptions`, `publish`, alert commands)
   * and resolves with the reply carrying its id; waits for a connection if there is none.
   */
  request(command: ClientCommand): Promise<ServerReply>;
  /** `publish` with an id; resolves with the `publish_ack` (`seq` assigned by the bus). */
  publish(channel: string, data: Record<string, unknown>, options?: { host?: string }): Promise<PublishAck>;
  /** Last delivered `(epoch, seq)` per wanted reference. */
  positions(): Record<string, { epoch: string; seq: number } | undefined>;
  stats(): ClientStats;
  readonly state: ClientState;
  /**
   * Stops for good: closes the socket (1000), cancels every timer, rejects what is pending with
   * `closed`. Resolves once the socket has closed (or after a short grace if the server is mute).
   */
  close(): Promise<void>;
}
