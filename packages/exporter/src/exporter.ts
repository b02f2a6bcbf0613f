import type { BusEvent } from "@wirewatch/protocol";
import type { Rendering } from "./rendering.js";
import { createSeriesStore } from "./series-store.js";
import {
  EXPORTED_CHANNELS,
  eventSource,
  REPLAYED_CHANNELS,
  sourceAging,
  translateEvent,
} from "./translate-event.js";

/**
 * What the exporter needs of a bus (@wirewatch/bus's `Bus` fits). `subscribed`, when the bus
 * reports it, resolves true once the upstream subscription is active.
 */
export interface SubscribableBus {
  subscribe(
    channel: string,
    handler: (event: BusEvent) => void,
  ): (() => void) & { readonly subscribed?: Promise<boolean> };
  /** The retained events of `channel`, oldest first (see Bus.history); read once at start. */
  history?(channel: string): Promise<{ events: BusEvent[] }>;
}

export interface ExporterOptions {
  bus: SubscribableBus;
  /** A host's source not heard from for this long disappears from scrapes. Default 300 000 ms. */
  staleAfterMs?: number;
  /** Clock for staleness (ms since epoch). Default `Date.now`. */
  nowMs?: () => number;
  /** Called with an event that could not be translated; default: ignored. */
  onError?: (err: unknown, event: BusEvent) => void;
  /** Called when a channel's history could not be read at start (its series fill in live); default: ignored. */
  onHistoryError?: (err: unknown, channel: string) => void;
  /** Longest stretch spent translating queued events before the event loop gets a turn. Default 5 ms. */
  translateSliceMs?: number;
}

/**
 * Subscribes to the host and UPS channels and serves their latest values in Prometheus
 * text format with node_exporter's and nut_exporter's names.
 *
 * Contract: translation happens at event time, not at scrape time, into pre-rendered UTF-8 per
 * host, source and family; a scrape only lists and copies those bytes (`snapshot()`), with no
 * per-sample work. The bus handler only queues the event per host and source (a newer event
 * replaces a queued older one); the queue is translated right after, in slices of at most
 * `translateSliceMs` with the event loop free in between, so a burst — a Redis reconnect's gap
 * fill, a process starved of CPU for a while — neither blocks the loop nor costs work for
 * superseded samples. A snapshot serves what has been translated (at most a few ms behind);
 * `flush()` translates the queue at once, and `render()` and `hosts()` flush first. Every series
 * carries `instance="<host>"`; `{ target }` returns one host's series without it. `close()`
 * unsubscribes and drops the queue (idempotent).
 *
 * Collector statuses and alerts (`wirewatch_collector_*`, `wirewatch_alert_active`) come from
 * the bus too, so one exporter reports every collector's health and every active alert. Their
 * events are sparse, so at start the exporter also reads those channels' retained history
 * (`bus.history`, when the bus has it), oldest first; a live event of the same source wins over
 * a replayed one. `subscribed` resolves after the first attempt; a history that could not be
 * read yet (`onHistoryError`, once per channel) is tried again in the background.
 */
export interface Exporter {
  /** The exposition text as a snapshot read in slices (what the metrics handler serves). */
  snapshot(options?: { target?: string }): Rendering;
  /** `flush()`, then the exposition text at once. */
  render(options?: { target?: string }): string;
  /** Translates every queued event now (tests, tools; scrapes do not wait for the queue). */
  flush(): void;
  /** Hosts that currently have series. */
  hosts(): string[];
  /**
   * Resolves true once every channel's upstream subscription is active (at once for buses that
   * do not report it), false if the exporter was closed first. For readiness checks.
   */
  readonly subscribed: Promise<boolean>;
  close(): void;
}

interface Queued {
  event: BusEvent;
  source: string;
  atMs: number;
}

export function createExporter(options: ExporterOptions): Exporter {
  const nowMs = options.nowMs ?? Date.now;
  const sliceMs = options.translateSliceMs ?? 5;
  const staleAfterMs = options.staleAfterMs ?? 300_000;
  const store = createSeriesStore({ staleAfterMs });
  /** `host\0source` → the newest untranslated event, oldest first. */
  const queue = new Map<string, Queued>();
  let scheduled: NodeJS.Immediate | undefined;
  let closed = false;

  const translate = (key: string, { event, source, atMs }: Queued) => {
    queue.delete(key);
    try {
      store.replace(event.host, source, translateEvent(event), atMs, sourceAging(event, staleAfterMs));
    } catch (err) {
      options.onError?.(err, event);
    }
  };
  const drain = () => {
    scheduled = undefined;
    const until = performance.now() + sliceMs;
    for (const [key, queued] of queue) {
      translate(key, queued);
      if (performance.now() >= until) break;
    }
    if (queue.size > 0) scheduled = setImmediate(drain);
  };
  const flush = () => {
    for (const [key, queued] of queue) translate(key, queued);
  };
  /** Channels whose history is still to be read (see the contract); none without `bus.history`. */
  const pending = new Set<string>(options.bus.history ? REPLAYED_CHANNELS : []);
  /** Sources a live event reached while history is pending: a replayed (older) event of one is ignored. */
  const live = new Set<string>();
  const enqueue = (event: BusEvent, replayed: boolean) => {
    const source = closed ? undefined : eventSource(event);
    if (source === undefined) return;
    const key = `${event.host}\0${source}`;
    if (replayed) {
      if (live.has(key)) return;
    } else if (pending.size > 0) live.add(key);
    queue.delete(key);
    // Replayed events age from now: until the host's next sample arrives, its replayed alerts
    // and statuses are judged by their own age, and an alert firing for hours is still firing.
    queue.set(key, { event, source, atMs: nowMs() });
    scheduled ??= setImmediate(drain);
  };
  const handle = (event: BusEvent) => enqueue(event, false);
  const offs = EXPORTED_CHANNELS.map((channel) => options.bus.subscribe(channel, handle));

  const reported = new Set<string>();
  let retry: NodeJS.Timeout | undefined;
  /**
   * Reads every pending channel's history once. A channel that fails (a Redis bus whose
   * publishing connection is not up yet) is reported once and tried again, 1 s later and then
   * backing off to 30 s, until it is read or the exporter is closed.
   */
  const replayPending = async (attempt: number): Promise<void> => {
    await Promise.all(
      [...pending].map(async (channel) => {
        try {
          const { events } = await options.bus.history!(channel);
          if (closed) return;
          pending.delete(channel);
          for (const event of events) enqueue(event, true);
        } catch (err) {
          if (closed || reported.has(channel)) return;
          reported.add(channel);
          options.onHistoryError?.(err, channel);
        }
      }),
    );
    if (pending.size === 0) live.clear();
    else if (!closed) {
      retry = setTimeout(() => void replayPending(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
      retry.unref();
    }
  };
  const subscribed = Promise.all(offs.map((off) => off.subscribed ?? true)).then(async (all) => {
    if (pending.size > 0) await replayPending(0);
    return all.every(Boolean) && !closed;
  });
  return {
    snapshot: (renderOptions) => store.snapshot(nowMs(), renderOptions?.target),
    render: (renderOptions) => {
      flush();
      return store.render(nowMs(), renderOptions?.target);
    },
    flush,
    hosts: () => {
      flush();
      return store.hosts();
    },
    subscribed,
    close: () => {
      closed = true;
      if (retry) clearTimeout(retry);
      for (const off of offs) off();
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      queue.clear();
    },
  };
}
