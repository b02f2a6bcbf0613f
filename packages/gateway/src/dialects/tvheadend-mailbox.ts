import { randomBytes } from "node:crypto";
import type { ResumePoint } from "@wirewatch/protocol";

/**
 * A Tvheadend comet mailbox: what one client has received and not yet been sent, and where each
 * of its channels stands, so a client that reconnects with `?boxid=` within `ttlMs` gets what it
 * missed: first the messages that were waiting when it left, then (through the bus history, via
 * `since`) the events published while it was away.
 */
export interface Mailbox {
  readonly id: string;
  /** Name of the principal that owns it: another token cannot take it over. */
  readonly owner: string;
  /** JSON texts of notification objects, oldest first. */
  pending: string[];
  /** Last event received per base channel. */
  resume: Record<string, ResumePoint>;
  attached: boolean;
  detachedAtMs: number;
}

export interface MailboxesOptions {
  /** How long a detached mailbox is kept (default 60 s). */
  ttlMs: number;
  /** Messages a mailbox holds at most; past it the oldest are dropped (default 10 000). */
  maxPending: number;
  now?: () => number;
}

/**
 * Every mailbox of one Tvheadend dialect. `open` resumes a detached, unexpired mailbox of the same
 * owner, or starts a fresh one (unknown, expired, in use, or someone else's box); expired boxes
 * are swept on every `open` and by a timer.
 */
export class Mailboxes {
  private readonly boxes = new Map<string, Mailbox>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: MailboxesOptions) {
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => this.sweep(), Math.max(1000, Math.min(options.ttlMs, 60_000)));
    this.timer.unref();
  }

  open(owner: string, requested: string | null): { box: Mailbox; resumed: boolean } {
    this.sweep();
    const found = requested ? this.boxes.get(requested) : undefined;
    if (found && !found.attached && found.owner === owner) {
      found.attached = true;
      return { box: found, resumed: true };
    }
    const box: Mailbox = {
      id: randomBytes(16).toString("hex"),
      owner,
      pending: [],
      resume: {},
      attached: true,
      detachedAtMs: 0,
    };
    this.boxes.set(box.id, box);
    return { box, resumed: false };
  }

  /** Adds messages to a box, dropping the oldest beyond `maxPending`. */
  add(box: Mailbox, messages: readonly string[]): void {
    box.pending.push(...messages);
    const over = box.pending.length - this.options.maxPending;
    if (over > 0) box.pending.splice(0, over);
  }

  detach(box: Mailbox): void {
    box.attached = false;
    box.detachedAtMs = this.now();
  }

  get size(): number {
    return this.boxes.size;
  }

  close(): void {
    clearInterval(this.timer);
    this.boxes.clear();
  }

  private sweep(): void {
    const oldest = this.now() - this.options.ttlMs;
    for (const [id, box] of this.boxes) if (!box.attached && box.detachedAtMs < oldest) this.boxes.delete(id);
  }
}
