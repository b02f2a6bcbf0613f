/** What the queue writes to: a ws socket (its `bufferedAmount` and `send`). */
export interface OutboundSocket {
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }, cb: (err?: Error) => void): void;
}

export type OutboundKind = "control" | "event" | "latest";

/** Bounds of one socket's queue; the gateway passes its one shared limits object. */
export interface OutboundLimits {
  readonly maxBufferedBytes: number;
  readonly maxQueuedEvents: number;
}

/** What the queue reports to its owner (the session implements these). */
export interface OutboundListener {
  /** Called once when the queue passes its cap; nothing is written afterwards. */
  onOverflow(): void;
  /** Called for each frame handed to the socket. */
  onWrite?(bytes: number, kind: OutboundKind): void;
  /** Called when a queued `latest` frame was replaced by a newer one. */
  onCoalesce?(): void;
}

export type OutboundOptions = OutboundLimits & OutboundListener;

interface Entry {
  /** null: superseded by a newer `latest` frame further back (skipped when draining). */
  frame: Buffer | null;
  kind: OutboundKind;
  key: string | undefined;
}

const EMPTY: Entry[] = [];

/**
 * The outbound side of one socket: writes frames in order and bounds what a slow client costs.
 *
 * While the socket's `bufferedAmount` (bytes ws and the kernel have not yet taken) is below
 * `maxBufferedBytes` and nothing is queued, a frame is written at once. Past it, frames wait
 * in a per-socket queue, in order, with one exception per channel kind (ChannelSpec.kind):
 * - `latest` frames (states: system.stats, storage.status…) keep only the newest frame per
 *   channel and host — the queued older one is dropped (counted as `coalesced`) and the newest
 *   joins the end of the queue, so frames still leave in the order they came: a channel's seqs
 *   never go backwards on the wire (clients de-duplicate and resume by seq);
 * - `event` frames (alerts, docker events, custom.*) and `control` frames (replies) are
 *   appended; when more than `maxQueuedEvents` of them wait, the socket is a slow consumer:
 *   the queue is dropped and `onOverflow` is called once (the session closes it with 4008).
 * The queue drains from ws's write callbacks: each completed write re-checks the buffer.
 * Frames are Buffers so one encoded frame can be shared by every socket (ws does not copy
 * the payload of an unmasked frame).
 *
 * A class with its state in fields (no closures, the queue and the `latest` index allocated only
 * once something has to wait) so an idle socket costs a few dozen bytes.
 */
export class Outbound {
  private queue: Entry[] = EMPTY;
  private head = 0;
  private latest: Map<string, Entry> | undefined;
  private counted = 0;
  /** Entries in the queue whose frame was superseded. */
  private superseded = 0;
  private halted = false;
  private readonly afterWrite = (): void => {
    if (this.head < this.queue.length) this.drain();
  };

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
    private readonly listener: OutboundListener,
  ) {}

  /** Frames waiting (all kinds). */
  get queued(): number {
    return this.queue.length - this.head - this.superseded;
  }

  /** True after an overflow or `stop()`: further pushes are ignored. */
  get stopped(): boolean {
    return this.halted;
  }

  /** Writes or queues a frame; `key` (channel@host) is required for `latest`. */
  push(frame: Buffer, kind: OutboundKind, key?: string): void {
    if (this.halted) return;
    if (this.head === this.queue.length && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(frame, kind);
      return;
    }
    const entry: Entry = { frame, kind, key: kind === "latest" ? (key ?? "") : undefined };
    if (kind === "latest") {
      this.latest ??= new Map();
      const waiting = this.latest.get(entry.key!);
      if (waiting) {
        waiting.frame = null;
        this.superseded++;
        this.listener.onCoalesce?.();
      }
      this.latest.set(entry.key!, entry);
    } else if (++this.counted > this.limits.maxQueuedEvents) {
      this.stop();
      this.listener.onOverflow();
      return;
    }
    if (this.queue === EMPTY) this.queue = [];
    this.queue.push(entry);
    if (this.superseded > 64 && this.superseded * 2 > this.queue.length - this.head) this.compact();
  }

  /** Drops superseded entries (a client lagging on a busy latest channel would pile them up). */
  private compact(): void {
    this.queue = this.queue.slice(this.head).filter((e) => e.frame !== null);
    this.head = 0;
    this.superseded = 0;
  }

  /** Drops the queue and ignores further pushes (the socket is closing). */
  stop(): void {
    this.halted = true;
    this.queue = EMPTY;
    this.head = 0;
    this.latest = undefined;
    this.counted = 0;
    this.superseded = 0;
  }

  private write(frame: Buffer, kind: OutboundKind): void {
    this.listener.onWrite?.(frame.length, kind);
    this.socket.send(frame, SEND_OPTIONS, this.afterWrite);
  }

  private drain(): void {
    const { socket, limits } = this;
    while (!this.halted && this.head < this.queue.length && socket.bufferedAmount < limits.maxBufferedBytes) {
      const entry = this.queue[this.head]!;
      this.queue[this.head] = undefined as unknown as Entry;
      this.head++;
      if (entry.frame === null) {
        this.superseded--;
        continue;
      }
      if (entry.kind === "latest") this.latest?.delete(entry.key!);
      else this.counted--;
      this.write(entry.frame, entry.kind);
    }
    if (this.head === this.queue.length) {
      this.queue = EMPTY;
      this.head = 0;
      this.superseded = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

const SEND_OPTIONS = { binary: false } as const;

/** An {@link Outbound} whose limits and listener are one options object (tests, simple owners). */
export function createOutbound(socket: OutboundSocket, options: OutboundOptions): Outbound {
  return new Outbound(socket, options, options);
}
