import type { BusEvent } from "@wirewatch/protocol";
import type { BusHandler, BusLogger } from "./bus.js";
import { errorFields } from "./logger.js";

/** One registered handler; identity matters (the same function may be registered twice). */
export interface HandlerEntry {
  readonly handler: BusHandler<unknown>;
  removed: boolean;
}

/**
 * The process-local side of a subscription: which handlers want which channel, and delivery of
 * one event to them.
 *
 * Contract: handlers of a channel run synchronously in registration order; a handler removed
 * during a delivery is not called afterwards, one added during a delivery first sees the next
 * event; a throwing handler is reported to `onHandlerError` and the others still run.
 */
export class LocalFanout {
  /** Copy-on-write arrays: delivery iterates a snapshot without copying. */
  private readonly channels = new Map<string, HandlerEntry[]>();

  constructor(
    private readonly onHandlerError: (error: unknown, event: BusEvent) => void,
    private readonly logger: BusLogger,
  ) {}

  /** Adds a handler; `first` is true when the channel had none (time to subscribe upstream). */
  add(channel: string, handler: BusHandler<unknown>): { entry: HandlerEntry; first: boolean } {
    const entry: HandlerEntry = { handler, removed: false };
    const current = this.channels.get(channel);
    this.channels.set(channel, current ? [...current, entry] : [entry]);
    return { entry, first: current === undefined };
  }

  /** Removes a handler; `last` is true when the channel has none left (time to unsubscribe). */
  remove(channel: string, entry: HandlerEntry): { last: boolean } {
    if (entry.removed) return { last: false };
    entry.removed = true;
    const current = this.channels.get(channel);
    if (!current) return { last: false };
    const next = current.filter((candidate) => candidate !== entry);
    if (next.length === 0) {
      this.channels.delete(channel);
      return { last: true };
    }
    this.channels.set(channel, next);
    return { last: false };
  }

  has(channel: string): boolean {
    return this.channels.has(channel);
  }

  channelNames(): string[] {
    return [...this.channels.keys()];
  }

  /** Calls every handler of `event.channel`. */
  deliver(event: BusEvent): void {
    const entries = this.channels.get(event.channel);
    if (!entries) return;
    for (const entry of entries) {
      if (entry.removed) continue;
      try {
        entry.handler(event);
      } catch (error) {
        this.reportHandlerError(error, event);
      }
    }
  }

  /** Removes every handler (close). */
  clear(): void {
    for (const entries of this.channels.values()) for (const entry of entries) entry.removed = true;
    this.channels.clear();
  }

  private reportHandlerError(error: unknown, event: BusEvent): void {
    try {
      this.onHandlerError(error, event);
    } catch (reportError) {
      this.logger.error({ ...errorFields(reportError), channel: event.channel }, "bus onHandlerError threw");
    }
  }
}

/** The default `onHandlerError`: log with the event's position. */
export function logHandlerError(logger: BusLogger): (error: unknown, event: BusEvent) => void {
  return (error, event) =>
    logger.error(
      { ...errorFields(error), channel: event.channel, seq: event.seq, epoch: event.epoch },
      "bus handler threw",
    );
}
