import type { BusLogger } from "./bus.js";

export interface LivenessProbeOptions {
  /** How often a probe is sent while the last one came back (ms). */
  intervalMs: number;
  /** A probe not delivered within this long is a miss (ms). */
  timeoutMs: number;
  /** PUBLISHes `message` on the probe channel over the publishing connection. */
  publish: (message: string) => Promise<unknown>;
  /** Whether both connections are up: probes are sent only then (a down connection is already not ready). */
  canProbe: () => boolean;
  /** A probe was not delivered in time; `first` is true for the first miss of an outage. */
  onMiss: (waitedMs: number, first: boolean) => void;
  /** The feed is alive again: a probe came back after a miss. */
  onAlive: () => void;
  logger: BusLogger;
  /** Injected for tests; default `Date.now`. */
  now?: () => number;
}

/**
 * Proves that pub/sub still delivers, end to end: a connection can look healthy (the socket open,
 * no error) while nothing arrives on it — a frozen Redis, a NAT or proxy that dropped the flow,
 * a subscription lost on the server. Like Centrifuge's Redis engine, the bus publishes a probe on
 * a channel of its own over the publishing connection and expects it back on the subscribing one.
 *
 * Contract: at most one probe is outstanding; one is sent every `intervalMs` (while both
 * connections are up) and at once after {@link LivenessProbe.resubscribed}; each probe not
 * delivered within `timeoutMs` calls `onMiss` (so a caller that reconnects on a miss tries again
 * while the outage lasts); the first probe delivered after a miss calls `onAlive`. A probe whose
 * PUBLISH fails is forgotten: the publishing connection's own state covers that outage.
 */
export class LivenessProbe {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private counter = 0;
  /** The outstanding probe: its token and when it was sent. */
  private outstanding: { token: string; sentAt: number } | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private dead = false;

  constructor(private readonly options: LivenessProbeOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts the periodic check (idempotent). The timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    // Two checks per the shorter period: a miss is seen at most half of it late, and an idle
    // process wakes once a second for it with the defaults.
    const tickMs = Math.max(10, Math.floor(Math.min(this.options.intervalMs, this.options.timeoutMs) / 2));
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.outstanding = undefined;
  }

  /** Whether the last probe (or the one before a reconnect) was missed. */
  isDead(): boolean {
    return this.dead;
  }

  /** The probe channel is subscribed (again) on a fresh subscribing connection: probe now. */
  resubscribed(): void {
    this.outstanding = undefined;
    this.send();
  }

  /** A message arrived on the probe channel. */
  delivered(message: string): void {
    if (message !== this.outstanding?.token) return;
    this.outstanding = undefined;
    if (!this.dead) return;
    this.dead = false;
    this.options.onAlive();
  }

  /** One check: a miss when the outstanding probe is overdue, else a new probe when one is due. */
  tick(): void {
    const now = this.now();
    if (this.outstanding) {
      const waited = now - this.outstanding.sentAt;
      if (waited < this.options.timeoutMs) return;
      this.outstanding = undefined;
      const first = !this.dead;
      this.dead = true;
      this.options.onMiss(waited, first);
      return;
    }
    if (now - this.lastSentAt >= this.options.intervalMs) this.send();
  }

  private send(): void {
    if (!this.options.canProbe()) return;
    const token = `p${++this.counter}`;
    const sentAt = this.now();
    this.outstanding = { token, sentAt };
    this.lastSentAt = sentAt;
    this.options.publish(token).catch((error: unknown) => {
      if (this.outstanding?.token === token) this.outstanding = undefined;
      this.options.logger.debug(
        { err: error instanceof Error ? error.message : String(error) },
        "bus liveness probe not sent",
      );
    });
  }
}
