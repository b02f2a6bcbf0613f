import type { BusEvent, DraftEvent, Logger } from "@wirewatch/protocol";

/**
 * The event bus (architecture §1, §7): collectors publish, gateways and exporters subscribe.
 *
 * Guarantees, common to every engine:
 * - `seq` is assigned by the bus when an event enters it, strictly increasing per channel across
 *   every publisher of that channel (every process, for a shared backend), within one `epoch`.
 * - Handlers of one channel see its events in `seq` order, each event once. Across channels there
 *   is no order. An engine that can lose messages in transit (Redis pub/sub across a reconnect)
 *   fills the gap from history before delivering newer events, as far as history reaches.
 * - `epoch` changes when history is lost (a restart of the memory bus, a Redis restart without
 *   persistence); `seq` then restarts at 1.
 * - Handlers run outside `publish()` (never re-entrantly), synchronously one after the other; a
 *   handler that throws is reported through `onHandlerError` and the others still run.
 * - Channels are base names (`system.stats`, `custom.backup`), validated before anything touches the
 *   backend; host filtering (`@host`) is the gateway's job.
 */
export interface Bus {
  /** Which engine this is, for logs and health output. */
  readonly engine: "memory" | "redis";
  /**
   * Seals the draft with the channel's next `seq` and the current `epoch`, stores it in the
   * channel's history and delivers it to every subscriber.
   *
   * Rejects with {@link BusError}: `WW_BUS_INVALID_CHANNEL` / `WW_BUS_INVALID_EVENT` before anything
   * is sent; `WW_BUS_DOWN` at once while the backend is unreachable (nothing is queued);
   * `WW_BUS_QUEUE_FULL` when too many publishes await the backend; `WW_BUS_CLOSED` after close().
   */
  publish<T>(draft: DraftEvent<T>): Promise<BusEvent<T>>;
  /**
   * Adds a handler for one channel. However many handlers a process adds, the bus holds one
   * upstream subscription per channel. Throws `WW_BUS_INVALID_CHANNEL` or `WW_BUS_CLOSED`.
   */
  subscribe<T = unknown>(channel: string, handler: BusHandler<T>): Unsubscribe;
  /**
   * Events of `channel` after the resume point `since`, oldest first, at most `limit`
   * (default and cap: the engine's `historyMaxLen`).
   *
   * - `since` omitted: the newest retained events; `recovered` is true.
   * - `since` in the current epoch and inside the retained window: the events right after
   *   `since.seq` (a page: ask again from the last one to continue); `recovered` is true.
   * - otherwise (other epoch, older than the window, ahead of the channel): `recovered` is false
   *   and `events` are the newest retained events, as if `since` had been omitted.
   */
  history(channel: string, since?: ResumePoint, limit?: number): Promise<HistoryResult>;
  /** The channel's newest event, if it has one in the current epoch. */
  last(channel: string): Promise<BusEvent | undefined>;
  /** True while the bus can publish and deliver (for a Redis bus: both connections are up). */
  ready(): boolean;
  /** Calls `listener` on every change of `ready()`; returns a function that removes it. */
  onReadyChange(listener: (ready: boolean) => void): () => void;
  /**
   * Stops delivery, waits for publishes already handed to the backend, and releases every
   * connection and timer. Idempotent. Afterwards every call fails with `WW_BUS_CLOSED`.
   */
  close(): Promise<void>;
}

/** Receives one event. Synchronous; a throw is caught and reported, never propagated. */
export type BusHandler<T = unknown> = (event: BusEvent<T>) => void;

/**
 * Removes the handler it was returned for (idempotent; the upstream subscription ends with the
 * channel's last handler).
 */
export interface Unsubscribe {
  (): void;
  /**
   * Resolves true once the upstream subscription is active — every event published after that
   * reaches the handler — or false if the handler was removed or the bus closed first. Never
   * rejects. While the backend is down it waits for the resubscription.
   */
  readonly subscribed: Promise<boolean>;
}

/** Where a reader left off: the last `seq` it has seen, in `epoch`. */
export interface ResumePoint {
  seq: number;
  epoch: string;
}

export interface HistoryResult {
  /** True when `events` continue right after the requested resume point (see {@link Bus.history}). */
  recovered: boolean;
  /** The channel's current epoch; undefined when the channel has no events (none yet, or lost). */
  epoch: string | undefined;
  events: BusEvent[];
}

/** Options every engine takes. */
export interface BusBaseOptions {
  /** Events retained per channel for `history()` and `last()`. Default 1000. */
  historyMaxLen?: number;
  /**
   * Bytes of history retained per channel (oldest events go first; the newest always stays).
   * Default 8 MiB.
   */
  historyMaxBytes?: number;
  /** Where the bus logs connection changes and errors. Default: warnings and errors to stderr. */
  logger?: BusLogger;
  /** Called when a handler throws. Default: logs at error level with the channel and seq. */
  onHandlerError?: (error: unknown, event: BusEvent) => void;
}

/** The logger the bus uses: protocol's {@link Logger} (pino's call shape). */
export type BusLogger = Logger;
