import type { BusEvent } from "@wirewatch/protocol";
import type { BusLogger, HistoryResult, ResumePoint } from "./bus.js";
import { isBusError } from "./bus-error.js";
import { errorFields } from "./logger.js";

export interface ChannelSequencerOptions {
  channel: string;
  /** Hands an event, in order, to the local handlers. */
  deliver: (event: BusEvent) => void;
  /** Reads history (over the publishing connection). */
  history: (channel: string, since: ResumePoint) => Promise<HistoryResult>;
  /** Page size of a fill. */
  historyMaxLen: number;
  /** Resolves true once history can be read again, false after `timeoutMs`. */
  whenHistoryUp: (timeoutMs: number) => Promise<boolean>;
  /** How long a fill waits for history to come back before giving up on the gap (ms). */
  fillWaitMs: number;
  /** False once the channel was unsubscribed or the bus closed: stop delivering. */
  isCurrent: () => boolean;
  logger: BusLogger;
}

/**
 * Per-channel ordering on top of Redis pub/sub, which drops messages while a subscriber is away.
 *
 * Contract: `deliver` sees the channel's events once each, in seq order. An event whose seq skips
 * ahead (or `resume()` after a resubscription) starts a fill: the missing events are read from
 * history and delivered first, while live events are held back and released afterwards. A new
 * epoch is delivered from its seq 1 the same way. Only what history no longer holds is skipped,
 * with a warning; if history stays unreachable for `fillWaitMs`, the held events are released
 * with the gap.
 */
export class ChannelSequencer {
  private lastSeq = 0;
  private lastEpoch: string | undefined;
  /** Live events held back while a fill runs. */
  private held: BusEvent[] | undefined;
  /** A resume arrived during a fill: look again once it ends. */
  private again = false;

  constructor(private readonly options: ChannelSequencerOptions) {}

  /** A live event from pub/sub. */
  accept(event: BusEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    if (event.epoch === this.lastEpoch) {
      if (event.seq <= this.lastSeq) return;
      if (event.seq > this.lastSeq + 1) {
        this.fill(event);
        return;
      }
    } else if (this.lastEpoch !== undefined) {
      this.options.logger.warn(
        { channel: this.options.channel, epoch: event.epoch, previousEpoch: this.lastEpoch },
        "bus channel history was lost (new epoch)",
      );
      this.lastEpoch = event.epoch;
      this.lastSeq = 0;
      if (event.seq > 1) {
        this.fill(event);
        return;
      }
    }
    this.emit(event);
  }

  /** The subscription is active again after a reconnect: fetch what was missed meanwhile. */
  resume(): void {
    if (this.lastEpoch !== undefined) this.fill();
  }

  private emit(event: BusEvent): void {
    this.lastSeq = event.seq;
    this.lastEpoch = event.epoch;
    this.options.deliver(event);
  }

  /** Whether `event` comes after what was delivered (a newer epoch counts as after). */
  private isNew(event: BusEvent): boolean {
    return event.epoch !== this.lastEpoch || event.seq > this.lastSeq;
  }

  private fill(trigger?: BusEvent): void {
    if (this.held) {
      if (trigger) this.held.push(trigger);
      else this.again = true;
      return;
    }
    this.held = trigger ? [trigger] : [];
    void this.readMissed().finally(() => {
      const held = this.held ?? [];
      this.held = undefined;
      if (!this.options.isCurrent()) return;
      for (const event of held) if (this.isNew(event)) this.emit(event);
      if (this.again) {
        this.again = false;
        this.fill();
      }
    });
  }

  private async readMissed(): Promise<void> {
    const { channel, historyMaxLen, logger } = this.options;
    const deadline = Date.now() + this.options.fillWaitMs;
    try {
      for (;;) {
        const epoch = this.lastEpoch;
        if (epoch === undefined) return;
        let result: HistoryResult;
        try {
          result = await this.options.history(channel, { seq: this.lastSeq, epoch });
        } catch (error) {
          const wait = deadline - Date.now();
          if (isBusError(error, "WW_BUS_DOWN") && wait > 0 && (await this.options.whenHistoryUp(wait)))
            continue;
          throw error;
        }
        if (!this.options.isCurrent()) return;
        if (!result.recovered) {
          logger.warn(
            { channel, afterSeq: this.lastSeq, epoch },
            "bus events lost beyond the history window",
          );
        }
        let filled = 0;
        for (const event of result.events) {
          if (!this.isNew(event)) continue;
          this.emit(event);
          filled++;
        }
        if (filled > 0)
          logger.debug(
            { channel, count: filled, lastSeq: this.lastSeq },
            "bus filled missed events from history",
          );
        if (!result.recovered || result.events.length < historyMaxLen) return;
      }
    } catch (error) {
      if (!this.options.isCurrent()) return;
      logger.warn({ ...errorFields(error), channel }, "bus could not read missed events from history");
    }
  }
}
