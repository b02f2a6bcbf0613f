import { CLOSE_CODES, type ClientCommand, type ErrorCode } from "@wirewatch/protocol";
import type { DecodedCommand } from "../dialect.js";
import type { Logger } from "../logger.js";
import type { RateLimiter } from "./rate-limit.js";

/** What the intake calls on its owner (the session implements these). */
export interface InboundOwner {
  decode(text: string): DecodedCommand;
  run(command: ClientCommand): Promise<void>;
  sendError(code: ErrorCode, message: string, id?: string | number): void;
  close(code: number, reason: string): void;
  isOpen(): boolean;
  /** Counts refused messages (`rate_limited`, `invalid`). */
  onRefused(reason: "rate_limited" | "invalid"): void;
}

export interface InboundSettings {
  rate: RateLimiter;
  maxConsecutiveInvalid: number;
  maxInvalidPerMinute: number;
  logger: Logger;
  sessionId: string;
  /** Milliseconds, monotonic; injectable for tests. Default `performance.now`. */
  now?: () => number;
}

const INVALID_WINDOW_MS = 60_000;

export type InboundOptions = InboundSettings & InboundOwner;

const monotonicNow = (): number => performance.now();

/** The chain every intake starts from (one settled promise, not one per socket). */
const SETTLED: Promise<void> = Promise.resolve();

/**
 * One socket's command intake: rate limit, decode, run — strictly one command after another,
 * so a command's replies (and the events it fetched) are written before the next one starts.
 *
 * - Rate limit (token bucket): the first message over it is dropped with a `rate_limited`
 *   error frame; continuing closes the socket 4429.
 * - A frame the dialect cannot decode gets its error frame; `maxConsecutiveInvalid` of them in a
 *   row (no valid command between), or `maxInvalidPerMinute` within 60 s however many valid ones
 *   come between (a client mixing garbage into good traffic), close the socket 1008.
 * - A frame the dialect decodes to no command (push-only dialects) is dropped silently.
 * - A command that throws gets an `internal` error frame; the socket stays usable.
 *
 * State in fields, so an idle socket holds one small object and one settled promise.
 */
export class Inbound {
  private chain: Promise<void> = SETTLED;
  private invalidInRow = 0;
  /** Invalid frames since `invalidWindowStart` (a fixed 60 s window, restarted when it ends). */
  private invalidInWindow = 0;
  private invalidWindowStart = 0;

  private readonly rate: RateLimiter;
  private readonly maxConsecutiveInvalid: number;
  private readonly maxInvalidPerMinute: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly sessionId: string;

  constructor(
    settings: InboundSettings,
    private readonly owner: InboundOwner,
  ) {
    this.rate = settings.rate;
    this.maxConsecutiveInvalid = settings.maxConsecutiveInvalid;
    this.maxInvalidPerMinute = settings.maxInvalidPerMinute;
    this.now = settings.now ?? monotonicNow;
    this.logger = settings.logger;
    this.sessionId = settings.sessionId;
  }

  /** Takes one client frame (already counted by the caller). */
  receive(text: string): void {
    const decision = this.rate.take();
    if (decision !== "ok") {
      this.owner.onRefused("rate_limited");
      if (decision === "close") this.owner.close(CLOSE_CODES.rateLimited, "rate limited");
      else
        this.owner.sendError(
          "rate_limited",
          "too many messages; slow down or the socket is closed with 4429",
        );
      return;
    }
    this.enqueue(() => this.process(text));
  }

  /** Runs `task` in turn with the commands (dialects' onConnect). */
  enqueue(task: () => Promise<void>): void {
    const { owner, logger, sessionId } = this;
    const next: Promise<void> = this.chain
      .then(() => (owner.isOpen() ? task() : undefined))
      .catch((err: unknown) => {
        logger.error({ err, session: sessionId }, "handling a client message failed");
        if (owner.isOpen()) owner.sendError("internal", "the server failed to handle the message");
      })
      .finally(() => {
        if (this.chain === next) this.chain = SETTLED; // an idle socket holds no promise of its own
      });
    this.chain = next;
  }

  /** Counts one invalid frame in the current 60 s window; true when the window's limit is reached. */
  private countInvalidInWindow(): boolean {
    const now = this.now();
    if (now - this.invalidWindowStart >= INVALID_WINDOW_MS) {
      this.invalidWindowStart = now;
      this.invalidInWindow = 0;
    }
    return ++this.invalidInWindow >= this.maxInvalidPerMinute;
  }

  private async process(text: string): Promise<void> {
    const decoded = this.owner.decode(text);
    if (!decoded.ok) {
      this.owner.onRefused("invalid");
      this.owner.sendError(decoded.code, decoded.message, decoded.id);
      if (++this.invalidInRow >= this.maxConsecutiveInvalid || this.countInvalidInWindow()) {
        this.owner.close(CLOSE_CODES.policy, "too many invalid messages");
      }
      return;
    }
    this.invalidInRow = 0;
    if (decoded.command !== null) await this.owner.run(decoded.command);
  }
}

export function createInbound(options: InboundOptions): Inbound {
  return new Inbound(options, options);
}
