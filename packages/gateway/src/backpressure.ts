/**
 * The outbound side of one socket: writes frames in order and bounds what a slow client costs.
 *
 * While the socket's `bufferedAmount` (bytes ws and the kernel have not yet taken) is below
 * `maxBufferedBytes` and nothing is queued, a frame is written at once. Past it, frames wait
 * in a per-socket queue, in order, with one exception per channel kind (ChannelSpec.kind):
 * - `latest` frames (states: system.stats, storage.status…) keep only the newest frame per
 *   channel and host — a queued one is replaced in place, the skipped state is counted as
 *   `coalesced`;
 * - `event` frames (alerts, docker events, custom.*) and `control` frames (replies) are
 *   appended; when more than `maxQueuedEvents` of them wait, the socket is a slow consumer:
 *   the queue is dropped and `onOverflow` is called once (the session closes it with 4008).
 * The queue drains from ws's write callbacks: each completed write re-checks the buffer.
 * Frames are Buffers so one encoded frame can be shared by every socket (ws does not copy
 * the payload of an unmasked frame).
 */
export interface OutboundSocket {
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }, cb: (err?: Error) => void): void;
}

export type OutboundKind = "control" | "event" | "latest";

export interface OutboundOptions {
  maxBufferedBytes: number;
  maxQueuedEvents: number;
  /** Called once when the queue passes its cap; nothing is written afterwards. */
  onOverflow(): void;
  /** Called for each frame handed to the socket. */
  onWrite?(bytes: number, kind: OutboundKind): void;
  /** Called when a queued `latest` frame was replaced by a newer one. */
  onCoalesce?(): void;
}

interface Entry {
  frame: Buffer;
  kind: OutboundKind;
  key: string | undefined;
}

export interface Outbound {
  /** Writes or queues a frame; `key` (channel@host) is required for `latest`. */
  push(frame: Buffer, kind: OutboundKind, key?: string): void;
  /** Frames waiting (all kinds). */
  readonly queued: number;
  /** True after an overflow or `stop()`: further pushes are ignored. */
  readonly stopped: boolean;
  /** Drops the queue and ignores further pushes (the socket is closing). */
  stop(): void;
}

export function createOutbound(socket: OutboundSocket, options: OutboundOptions): Outbound {
  let queue: Entry[] = [];
  let head = 0;
  const latest = new Map<string, Entry>();
  let counted = 0;
  let stopped = false;

  const afterWrite = (): void => {
    if (head < queue.length) drain();
  };

  const write = (entry: Entry): void => {
    options.onWrite?.(entry.frame.length, entry.kind);
    socket.send(entry.frame, { binary: false }, afterWrite);
  };

  const drain = (): void => {
    while (!stopped && head < queue.length && socket.bufferedAmount < options.maxBufferedBytes) {
      const entry = queue[head]!;
      queue[head] = undefined as unknown as Entry;
      head++;
      if (entry.kind === "latest") latest.delete(entry.key!);
      else counted--;
      write(entry);
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  const stop = (): void => {
    stopped = true;
    queue = [];
    head = 0;
    latest.clear();
    counted = 0;
  };

  return {
    push(frame, kind, key) {
      if (stopped) return;
      const entry: Entry = { frame, kind, key: kind === "latest" ? (key ?? "") : undefined };
      if (head === queue.length && socket.bufferedAmount < options.maxBufferedBytes) {
        write(entry);
        return;
      }
      if (entry.kind === "latest") {
        const waiting = latest.get(entry.key!);
        if (waiting) {
          waiting.frame = frame;
          options.onCoalesce?.();
          return;
        }
        latest.set(entry.key!, entry);
      } else if (++counted > options.maxQueuedEvents) {
        stop();
        options.onOverflow();
        return;
      }
      queue.push(entry);
    },
    get queued() {
      return queue.length - head;
    },
    get stopped() {
      return stopped;
    },
    stop,
  };
}
