import { CLOSE_CODES, type ClientCommand, type ErrorCode } from "@wirewatch/protocol";
import type { DecodedCommand } from "./dialect.js";
import type { Logger } from "./logger.js";
import type { RateLimiter } from "./rate-limit.js";

/**
 * One socket's command intake: rate limit, decode, run — strictly one command after another,
 * so a command's replies (and the events it fetched) are written before the next one starts.
 *
 * - Rate limit (token bucket): the first message over it is dropped with a `rate_limited`
 *   error frame; continuing closes the socket 4429.
 * - A frame the dialect cannot decode gets its error frame; `maxConsecutiveInvalid` of them in a
 *   row (no valid command between) close the socket 1008.
 * - A frame the dialect decodes to no command (push-only dialects) is dropped silently.
 * - A command that throws gets an `internal` error frame; the socket stays usable.
 */
export interface InboundOptions {
  rate: RateLimiter;
  maxConsecutiveInvalid: number;
  decode(text: string): DecodedCommand;
  run(command: ClientCommand): Promise<void>;
  sendError(code: ErrorCode, message: string, id?: string | number): void;
  close(code: number, reason: string): void;
  isOpen(): boolean;
  /** Counts refused messages (`rate_limited`, `invalid`). */
  onRefused(reason: "rate_limited" | "invalid"): void;
  logger: Logger;
  sessionId: string;
}

export interface Inbound {
  /** Takes one client frame (already counted by the caller). */
  receive(text: string): void;
  /** Runs `task` in turn with the commands (dialects' onConnect). */
  enqueue(task: () => Promise<void>): void;
}

export function createInbound(options: InboundOptions): Inbound {
  let chain: Promise<void> = Promise.resolve();
  let invalidInRow = 0;

  const enqueue = (task: () => Promise<void>): void => {
    chain = chain
      .then(() => (options.isOpen() ? task() : undefined))
      .catch((err: unknown) => {
        options.logger.error({ err, session: options.sessionId }, "handling a client message failed");
        if (options.isOpen()) options.sendError("internal", "the server failed to handle the message");
      });
  };

  const process = async (text: string): Promise<void> => {
    const decoded = options.decode(text);
    if (!decoded.ok) {
      options.onRefused("invalid");
      options.sendError(decoded.code, decoded.message, decoded.id);
      if (++invalidInRow >= options.maxConsecutiveInvalid) {
        options.close(CLOSE_CODES.policy, "too many invalid messages");
      }
      return;
    }
    invalidInRow = 0;
    if (decoded.command !== null) await options.run(decoded.command);
  };

  return {
    enqueue,
    receive(text) {
      const decision = options.rate.take();
      if (decision !== "ok") {
        options.onRefused("rate_limited");
        if (decision === "close") options.close(CLOSE_CODES.rateLimited, "rate limited");
        else
          options.sendError("rate_limited", "too many messages; slow down or the socket is closed with 4429");
        return;
      }
      enqueue(() => process(text));
    },
  };
}
