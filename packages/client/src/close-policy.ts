import { CLOSE_CODES } from "@wirewatch/protocol";
import {
  type BackoffPolicy,
  backoffDelay,
  hintedDelay,
  maxBackoffDelay,
  retryLaterDelay,
} from "./backoff.js";
import { ClientError } from "./errors.js";
import type { CloseInfo } from "./socket.js";

/**
 * What to do after a connection ended (architecture §4 close codes, gateway README):
 *
 * | ended by | then |
 * |---|---|
 * | HTTP 401 / close 4401 | stop, error `unauthorized` (fatal) — unless `retryOnUnauthorized`: retry near the max delay |
 * | HTTP 403 / close 4403 | stop, error `forbidden` (fatal) — same override |
 * | close 1001 with `{"retry_after_ms":N}` | retry after N plus up to `minDelayMs` of jitter; no error |
 * | close 1013 with `{"retry_after_ms":N}` (per-IP limit) | retry after max(N + jitter, backoff); error `try_again_later` |
 * | HTTP 429 / 503 / … with `Retry-After: S` (Node only) | retry after max(S s + jitter, backoff); no error |
 * | close 4429, HTTP 429 without `Retry-After` | retry near the max delay; error `rate_limited` (4429) |
 * | close 4008 | retry with backoff, then resume; error `slow_consumer` |
 * | close 1008 / 1009 | retry with backoff; error `policy` / `frame_too_big` |
 * | anything else (1006, 1011, refused, timeout) | retry with full-jitter backoff; no error |
 *
 * `CloseDecision` is the answer: retry after `delayMs`, or stop; `error` is emitted either way.
 */
export type CloseDecision =
  | { retry: true; delayMs: number; error?: ClientError }
  | { retry: false; error: ClientError };

/** Decides whether and when to reconnect after `info` ended attempt number `attempt` (see the table above). */
export function decideAfterClose(
  info: CloseInfo,
  attempt: number,
  policy: BackoffPolicy,
  retryOnUnauthorized: boolean,
): CloseDecision {
  const details = { closeCode: info.code, httpStatus: info.httpStatus };
  const refused = (code: "unauthorized" | "forbidden", message: string): CloseDecision => {
    if (retryOnUnauthorized) {
      return {
        retry: true,
        delayMs: maxBackoffDelay(policy),
        error: new ClientError(code, message, details),
      };
    }
    return { retry: false, error: new ClientError(code, message, { ...details, fatal: true }) };
  };
  if (info.httpStatus === 401 || info.code === CLOSE_CODES.unauthorized) {
    return refused("unauthorized", describe("the token was refused (missing, wrong or expired)", info));
  }
  if (info.httpStatus === 403 || info.code === CLOSE_CODES.forbidden) {
    return refused("forbidden", describe("the connection is not allowed (Origin or channel)", info));
  }
  if (info.httpStatus !== undefined && info.retryAfterMs !== undefined) {
    return { retry: true, delayMs: retryLaterDelay(info.retryAfterMs, attempt, policy) };
  }
  if (info.httpStatus === 429) return { retry: true, delayMs: maxBackoffDelay(policy) };
  switch (info.code) {
    case CLOSE_CODES.tryAgainLater: {
      const hint = parseHint(info.reason);
      return {
        retry: true,
        delayMs: hint === undefined ? maxBackoffDelay(policy) : retryLaterDelay(hint, attempt, policy),
        error: new ClientError(
          "try_again_later",
          describe("the gateway asked to try again later", info),
          details,
        ),
      };
    }
    case CLOSE_CODES.goingAway: {
      const hint = parseHint(info.reason);
      return {
        retry: true,
        delayMs: hint === undefined ? backoffDelay(attempt, policy) : hintedDelay(hint, policy),
      };
    }
    case CLOSE_CODES.rateLimited:
      return {
        retry: true,
        delayMs: maxBackoffDelay(policy),
        error: new ClientError("rate_limited", describe("closed for sending too fast", info), details),
      };
    case CLOSE_CODES.slowConsumer:
      return {
        retry: true,
        delayMs: backoffDelay(attempt, policy),
        error: new ClientError("slow_consumer", describe("closed for reading too slowly", info), details),
      };
    case CLOSE_CODES.policy:
    case CLOSE_CODES.tooBig:
      return {
        retry: true,
        delayMs: backoffDelay(attempt, policy),
        error: new ClientError(
          info.code === CLOSE_CODES.policy ? "policy" : "frame_too_big",
          describe("closed by the server", info),
          details,
        ),
      };
    default:
      return { retry: true, delayMs: backoffDelay(attempt, policy) };
  }
}

/** `retry_after_ms` from a 1001 or 1013 reason `{"reconnect":true,"retry_after_ms":N}`, if present. */
export function parseHint(reason: string): number | undefined {
  if (!reason.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(reason) as { retry_after_ms?: unknown };
    const hint = parsed.retry_after_ms;
    return typeof hint === "number" && Number.isFinite(hint) && hint >= 0 ? hint : undefined;
  } catch {
    return undefined;
  }
}

function describe(what: string, info: CloseInfo): string {
  const how = info.httpStatus === undefined ? `close ${info.code}` : `HTTP ${info.httpStatus}`;
  return `${what} (${how}${info.reason && !info.reason.startsWith("{") ? `: ${info.reason}` : ""})`;
}
