import type { Dialect, DialectFramer, DialectSession } from "../dialect.js";
import { type Mailbox, Mailboxes } from "./tvheadend-mailbox.js";
import { type DiskspaceSource, TvheadendMessages } from "./tvheadend-messages.js";

/** Tvheadend's comet WebSocket path. */
export const TVHEADEND_PATH = "/comet/ws";
/** Tvheadend's comet subprotocol, echoed when offered (not required). */
export const TVHEADEND_SUBPROTOCOL = "tvheadend-comet";

export interface TvheadendDialectOptions {
  path?: string;
  /** Filesystem reported by `diskspaceUpdate` (default: the one holding `/`, of any host). */
  diskspace?: DiskspaceSource;
  batchIntervalMs?: number;
  mailboxTtlMs?: number;
  maxPendingMessages?: number;
}

/**
 * The Tvheadend dialect (docs/architecture.md §5, docs/compatibility.md; Tvheadend's comet WebSocket documentation) on `/comet/ws`.
 *
 * - Push-only: client frames are ignored. The `tvheadend-comet` subprotocol is echoed when
 *   offered and not required.
 * - At connect the socket is subscribed to `storage.status` (→ `diskspaceUpdate`) and, when the
 *   token may read them (admin), `log` (→ `logmessage`) and `gateway.clients` (→
 *   `subscriptions`); see {@link TvheadendMessages}.
 * - Frames are `{"messages":[…]}` batches written every `batchIntervalMs` (about once a second)
 *   when something is waiting. The first frame is written as soon as the subscriptions are in
 *   place and carries `boxid` (with whatever is already waiting, possibly nothing).
 * - Reconnecting with `?boxid=<id>` within `mailboxTtlMs` (60 s) resumes that mailbox: the
 *   messages it held, then the events published meanwhile (replayed from the bus history from
 *   the last event the box received). Unknown, expired or foreign boxids start a fresh mailbox.
 */
export function createTvheadendDialect(options: TvheadendDialectOptions = {}): Dialect {
  const messages = new TvheadendMessages(options.diskspace ?? { path: "/" });
  const mailboxes = new Mailboxes({
    ttlMs: options.mailboxTtlMs ?? 60_000,
    maxPending: options.maxPendingMessages ?? 10_000,
  });
  const framers = new Map<string, BatchFramer>();
  const batchIntervalMs = options.batchIntervalMs ?? 1000;

  return {
    name: "tvheadend",
    path: options.path ?? TVHEADEND_PATH,
    subprotocols: [TVHEADEND_SUBPROTOCOL],
    unauthorized: "http",
    encode(event) {
      const list = messages.messages(event);
      return list.length === 0 ? null : JSON.stringify(list);
    },
    pushOnly: true,
    encodeReply: () => null,
    decode: () => ({ ok: true, command: null }),
    createFramer(session) {
      const { box, resumed } = mailboxes.open(session.principal.name, session.query.get("boxid"));
      const framer = new BatchFramer(session, box, resumed, mailboxes, batchIntervalMs, () =>
        framers.delete(session.id),
      );
      framers.set(session.id, framer);
      return framer;
    },
    async onConnect(session) {
      const framer = framers.get(session.id);
      const channels = ["storage.status", "log", "gateway.clients"].filter((c) => session.mayRead(c));
      const since = framer?.resumed ? framer.box.resume : undefined;
      await session.subscribe(channels, { snapshot: true, ...(since ? { since } : {}) });
      framer?.start();
    },
    close: () => mailboxes.close(),
  };
}

/**
 * One socket's batching: event frames (JSON arrays of notification objects) go into the socket's
 * mailbox; `start` writes the first frame with the boxid, then a frame every interval while
 * messages wait. On close the mailbox is detached with what it still holds.
 */
class BatchFramer implements DialectFramer {
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly session: DialectSession,
    readonly box: Mailbox,
    readonly resumed: boolean,
    private readonly mailboxes: Mailboxes,
    private readonly intervalMs: number,
    private readonly onClose: () => void,
  ) {}

  push(frame: Buffer, event: { channel: string; seq: number; epoch: string }): void {
    if (this.closed) return;
    const text = frame.toString("utf8");
    const inner = text.slice(1, -1);
    if (inner !== "") this.mailboxes.add(this.box, [inner]);
    this.box.resume[event.channel] = { seq: event.seq, epoch: event.epoch };
  }

  start(): void {
    if (this.closed || this.started) return;
    this.started = true;
    this.flush(true);
    this.timer = setInterval(() => this.flush(false), this.intervalMs);
    this.timer.unref();
  }

  private flush(first: boolean): void {
    if (this.closed || (!first && this.box.pending.length === 0)) return;
    const body = `[${this.box.pending.join(",")}]`;
    this.box.pending = [];
    this.session.send(
      first ? `{"boxid":${JSON.stringify(this.box.id)},"messages":${body}}` : `{"messages":${body}}`,
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.mailboxes.detach(this.box);
    this.onClose();
  }
}
