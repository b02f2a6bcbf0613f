import type { DraftEvent } from "@wirewatch/protocol";

/**
 * The input interface (architecture §7 `Collector`), Telegraf-style.
 *
 * An input gathers samples and hands them to an {@link Accumulator}; the scheduler decides when
 * it runs, enforces a deadline, backs off on errors, publishes what was emitted and reports the
 * input's health on `collector.status`. Inputs never publish directly.
 *
 * Three shapes, any combination:
 * - `gather(acc, signal)` + `intervalMs`: one polled schedule named after the input;
 * - `tasks`: several polled schedules (e.g. host: stats 1 s, processes 5 s, storage 10 s), each
 *   with its own interval, deadline, backoff and status (`input` = `<name>.<task>`);
 * - `start(acc, signal)`: an event stream; the returned promise settles when the stream ends,
 *   and the scheduler restarts it with backoff unless it is stopping (signal aborted).
 *
 * Contract for gathers: honour `signal` (pass it to fs/network calls); throw (or `acc.error`) to
 * report failure — the error's text, naming the file or endpoint, becomes the status `error`;
 * emit only while the gather runs (late emits after the deadline are dropped).
 */
export interface Collector {
  /** Input name, e.g. `host`; prefix of every status `input` it reports. */
  readonly name: string;
  /** Host its events describe when an emit does not say; defaults to the scheduler's host. */
  readonly host?: string;
  /** Single-schedule polling: interval of `gather`. */
  readonly intervalMs?: number;
  gather?(acc: Accumulator, signal: AbortSignal): Promise<void>;
  /** Multi-schedule polling. */
  readonly tasks?: readonly GatherTask[];
  /** Event streams: runs until `signal` aborts; settling early means the stream ended. */
  start?(acc: Accumulator, signal: AbortSignal): Promise<void>;
  /** Releases what the input holds (connections, file handles). Called once, on scheduler stop. */
  close(): Promise<void>;
}

/** One polled schedule of an input. */
export interface GatherTask {
  /** Unique within the input, e.g. `stats`. */
  readonly name: string;
  /**
   * Host this schedule describes, when not the input's (one schedule per remote target): its
   * events default to it, and its `collector.status` carries it, so a dead remote goes stale
   * under its own name rather than looking alive under the collector's.
   */
  readonly host?: string;
  readonly intervalMs: number;
  /** Random delay added to every wait, in [0, jitterMs). Default 0. */
  readonly jitterMs?: number;
  /** Deadline of one gather. Default: min(intervalMs, 10 s), at least 1 ms. */
  readonly timeoutMs?: number;
  gather(acc: Accumulator, signal: AbortSignal): Promise<void>;
}

export interface EmitOptions {
  /** Host the event describes (e.g. an SSH target); default: the accumulator's host. */
  host?: string;
  /** Sample time; default: now. */
  timestamp?: Date | string | number;
}

/** What an input hands its samples to. Builds a {@link DraftEvent}; publishing is not its concern. */
export interface Accumulator {
  /** Default host of emitted events. */
  readonly host: string;
  /** Queues one event on `channel`; `data` is checked against the channel's schema. */
  emit(channel: string, data: unknown, options?: EmitOptions): void;
  /** Reports a failure without throwing (the run, or the stream, is marked as failed). */
  error(err: unknown): void;
}

/**
 * Where events go. The Bus satisfies it; tests use a recording publisher. Rejections (bus down)
 * are counted and logged by the scheduler, never thrown back into inputs.
 */
export interface Publisher {
  publish(draft: DraftEvent): Promise<unknown>;
}
