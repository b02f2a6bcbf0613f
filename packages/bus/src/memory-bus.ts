import type { BusEvent, DraftEvent } from "@wirewatch/protocol";
import type { Bus, BusBaseOptions, BusHandler, HistoryResult, ResumePoint, Unsubscribe } from "./bus.js";
import { BusError } from "./bus-error.js";
import { LocalFanout, logHandlerError } from "./local-fanout.js";
import { stderrLogger } from "./logger.js";
import { createMemoryBroker, type MemoryBroker } from "./memory-broker.js";
import { ReadyState } from "./ready-state.js";
import { assertChannel, assertDraft, assertResumePoint, resolveLimit } from "./validate.js";

export interface MemoryBusOptions extends BusBaseOptions {
  /**
   * Share a broker between several buses (each then behaves like a separate process on one
   * backend). Default: a private broker with `historyMaxLen`, `historyMaxBytes` and
   * `historyTotalMaxBytes`; with a broker, its own bounds apply.
   */
  broker?: MemoryBroker;
  /** Bytes of history retained over every channel. Default 64 MiB. */
  historyTotalMaxBytes?: number;
}

/**
 * The in-process bus, the embedded default (`wirewatch start`). Always ready until closed; seq,
 * history and epoch live in the broker (see {@link MemoryBroker}), so they end with the process.
 *
 * Contract: the {@link Bus} guarantees. Events are shared, not copied: the object `publish()`
 * returns is the one handlers and `history()` see — treat events as immutable.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const logger = options.logger ?? stderrLogger;
  const broker =
    options.broker ??
    createMemoryBroker({
      historyMaxLen: options.historyMaxLen,
      historyMaxBytes: options.historyMaxBytes,
      historyTotalMaxBytes: options.historyTotalMaxBytes,
    });
  const fanout = new LocalFanout(options.onHandlerError ?? logHandlerError(logger), logger);
  const upstream = new Map<string, () => void>();
  const readiness = new ReadyState(logger);
  readiness.set(true);
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new BusError("WW_BUS_CLOSED", "the bus is closed");
  };

  return {
    engine: "memory",
    publish<T>(draft: DraftEvent<T>): Promise<BusEvent<T>> {
      try {
        assertOpen();
        assertDraft(draft);
        return Promise.resolve(broker.publish(draft));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    subscribe<T>(channel: string, handler: BusHandler<T>): Unsubscribe {
      assertOpen();
      const name = assertChannel(channel);
      const { entry, first } = fanout.add(name, handler as BusHandler<unknown>);
      if (first)
        upstream.set(
          name,
          broker.listen(name, (event) => fanout.deliver(event)),
        );
      const unsubscribe = () => {
        if (fanout.remove(name, entry).last) {
          upstream.get(name)?.();
          upstream.delete(name);
        }
      };
      return Object.assign(unsubscribe, { subscribed: Promise.resolve(true) });
    },
    async history(channel: string, since?: ResumePoint, limit?: number): Promise<HistoryResult> {
      assertOpen();
      const name = assertChannel(channel);
      assertResumePoint(since);
      return broker.history(name, since, resolveLimit(limit, broker.historyMaxLen));
    },
    async last(channel: string): Promise<BusEvent | undefined> {
      assertOpen();
      return broker.history(assertChannel(channel), undefined, 1).events[0];
    },
    ready: () => readiness.get(),
    onReadyChange: (listener) => readiness.listen(listener),
    async close() {
      if (closed) return;
      closed = true;
      for (const remove of upstream.values()) remove();
      upstream.clear();
      fanout.clear();
      readiness.set(false);
      readiness.clear();
    },
  };
}
