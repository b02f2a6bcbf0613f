import { randomBytes } from "node:crypto";
import { type BusEvent, type DraftEvent, sealEvent } from "@wirewatch/protocol";
import type { HistoryResult, ResumePoint } from "./bus.js";
import { planHistory } from "./history-window.js";
import { RingBuffer } from "./ring-buffer.js";
import { positiveInt } from "./validate.js";

/**
 * The shared state behind one or more memory buses: per-channel seq and history, and delivery to
 * every bus listening on a channel. One broker is one "backend"; each memory bus attached to it
 * acts like a separate process on a shared Redis (tests use that to run gateway replicas in one
 * process).
 *
 * Contract: `publish` is synchronous and assigns seqs 1, 2, 3… per channel; delivery happens
 * later, in a microtask, in publish order, to the listeners registered when the event was
 * published that are still registered at delivery. The epoch is random per broker: a new broker
 * (a restarted process) has lost all history. History is bounded three ways: `historyMaxLen`
 * events and `historyMaxBytes` per channel, and `historyTotalMaxBytes` over every channel (then
 * the channel holding the most bytes gives up its oldest events); a channel always keeps its
 * newest event, its last value. An event's size is its `data` as JSON (UTF-16 units, near bytes
 * for the ASCII most payloads are) plus a fixed envelope allowance.
 */
export interface MemoryBroker {
  readonly epoch: string;
  readonly historyMaxLen: number;
  /** Bytes of history held now, over every channel (see the size rule above). */
  historyBytes(): number;
  publish<T>(draft: DraftEvent<T>): BusEvent<T>;
  /** Registers one listener for a channel; returns its removal. */
  listen(channel: string, listener: (event: BusEvent) => void): () => void;
  history(channel: string, since: ResumePoint | undefined, limit: number): HistoryResult;
}

export interface MemoryBrokerOptions {
  /** Events retained per channel. Default 1000. */
  historyMaxLen?: number;
  /** Bytes of history retained per channel. Default 8 MiB. */
  historyMaxBytes?: number;
  /** Bytes of history retained over every channel. Default 64 MiB. */
  historyTotalMaxBytes?: number;
}

/** What an event's envelope (type, channel, host, seq, epoch, timestamp) is counted as. */
const ENVELOPE_BYTES = 160;

/** An event's size for the history bounds. */
function eventBytes(event: BusEvent): number {
  return ENVELOPE_BYTES + (JSON.stringify(event.data)?.length ?? 0);
}

interface Listener {
  readonly fn: (event: BusEvent) => void;
  active: boolean;
}

interface ChannelState {
  head: number;
  readonly history: RingBuffer<BusEvent>;
  /** The size of each retained event, aligned with `history`, and their sum. */
  readonly sizes: RingBuffer<number>;
  bytes: number;
  /** Copy-on-write, so a queued delivery keeps the snapshot it was published with. */
  listeners: Listener[];
}

export function createMemoryBroker(options: MemoryBrokerOptions = {}): MemoryBroker {
  const historyMaxLen = positiveInt("historyMaxLen", options.historyMaxLen, 1000);
  const historyMaxBytes = positiveInt("historyMaxBytes", options.historyMaxBytes, 8 * 1024 * 1024);
  const totalMaxBytes = positiveInt("historyTotalMaxBytes", options.historyTotalMaxBytes, 64 * 1024 * 1024);
  let totalBytes = 0;
  const epoch = `${Date.now().toString(16)}-${randomBytes(6).toString("hex")}`;
  const channels = new Map<string, ChannelState>();
  let queue: { event: BusEvent; listeners: Listener[] }[] = [];
  let draining = false;

  const state = (channel: string): ChannelState => {
    let found = channels.get(channel);
    if (!found) {
      found = {
        head: 0,
        history: new RingBuffer(historyMaxLen),
        sizes: new RingBuffer(historyMaxLen),
        bytes: 0,
        listeners: [],
      };
      channels.set(channel, found);
    }
    return found;
  };

  /** Drops the channel's oldest event (never its last one). */
  const dropOldest = (channel: ChannelState): boolean => {
    if (channel.history.size <= 1) return false;
    channel.history.shift();
    const size = channel.sizes.shift() ?? 0;
    channel.bytes -= size;
    totalBytes -= size;
    return true;
  };

  const retain = (channel: ChannelState, event: BusEvent) => {
    const size = eventBytes(event);
    channel.history.push(event);
    const evicted = channel.sizes.push(size) ?? 0;
    channel.bytes += size - evicted;
    totalBytes += size - evicted;
    while (channel.bytes > historyMaxBytes) if (!dropOldest(channel)) break;
    while (totalBytes > totalMaxBytes) {
      let largest: ChannelState | undefined;
      for (const candidate of channels.values())
        if (candidate.history.size > 1 && candidate.bytes > (largest?.bytes ?? 0)) largest = candidate;
      if (!largest || !dropOldest(largest)) break;
    }
  };

  const drain = () => {
    const batch = queue;
    queue = [];
    draining = false;
    for (const { event, listeners } of batch) {
      for (const listener of listeners) if (listener.active) listener.fn(event);
    }
  };

  return {
    epoch,
    historyMaxLen,
    historyBytes: () => totalBytes,
    publish(draft) {
      const channel = state(draft.channel);
      channel.head += 1;
      const event = sealEvent(draft, channel.head, epoch);
      retain(channel, event);
      if (channel.listeners.length > 0) {
        queue.push({ event, listeners: channel.listeners });
        if (!draining) {
          draining = true;
          queueMicrotask(drain);
        }
      }
      return event;
    },
    listen(name, fn) {
      const channel = state(name);
      const listener: Listener = { fn, active: true };
      channel.listeners = [...channel.listeners, listener];
      return () => {
        listener.active = false;
        channel.listeners = channel.listeners.filter((candidate) => candidate !== listener);
      };
    },
    history(name, since, limit) {
      const channel = channels.get(name);
      const head = channel?.head ?? 0;
      const retained = channel?.history.size ?? 0;
      const plan = planHistory(head, retained, epoch, since, limit);
      const events = channel ? channel.history.slice(plan.fromSeq - (head - retained + 1), plan.count) : [];
      return { recovered: plan.recovered, epoch, events };
    },
  };
}
