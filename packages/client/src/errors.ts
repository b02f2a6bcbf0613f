import type { ErrorCode } from "@wirewatch/protocol";

/**
 * Codes of the errors the client raises itself. Server error frames keep the server's code
 * (protocol's {@link ErrorCode}: `forbidden_channel`, `unavailable`, …), so callers switch on one
 * field for both.
 *
 * - `unauthorized` / `forbidden`: the token was refused (HTTP 401/403 at the upgrade, close
 *   4401/4403); fatal unless `retryOnUnauthorized`.
 * - `rate_limited`, `slow_consumer`, `policy`, `frame_too_big`: the server closed the socket
 *   (4429, 4008, 1008, 1009); the client reconnects and resumes.
 * - `try_again_later`: the gateway closed with 1013 (this address is at the gateway's per-IP
 *   connection limit); the client retries no sooner than the gateway's `retry_after_ms`.
 * - `disconnected`: a request was on the wire when the connection dropped (its outcome is unknown).
 * - `closed`: `client.close()` was called, or the client stopped after a fatal error.
 * - `bad_frame`: the server sent something that is not a JSON object.
 * - `handler_error`: a subscription handler threw (the client carries on).
 * - `WW_CLIENT_OPTIONS_INVALID`, `WW_CLIENT_NO_WEBSOCKET`, `WW_CLIENT_INVALID_CHANNEL`,
 *   `WW_CLIENT_INVALID_REQUEST`: thrown synchronously for programming errors.
 */
export type ClientErrorCode =
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "try_again_later"
  | "slow_consumer"
  | "policy"
  | "frame_too_big"
  | "disconnected"
  | "closed"
  | "bad_frame"
  | "handler_error"
  | "WW_CLIENT_OPTIONS_INVALID"
  | "WW_CLIENT_NO_WEBSOCKET"
  | "WW_CLIENT_INVALID_CHANNEL"
  | "WW_CLIENT_INVALID_REQUEST";

export interface ClientErrorDetails {
  /** The channel reference the error is about, when there is one. */
  channel?: string;
  /** WebSocket close code that caused it. */
  closeCode?: number;
  /** HTTP status of a refused upgrade (Node with `ws` only; browsers cannot see it). */
  httpStatus?: number;
  /** Id of the command the server answered with this error. */
  id?: string | number;
  /** True when the client stopped because of it (no more reconnects). */
  fatal?: boolean;
  cause?: unknown;
}

export class ClientError extends Error {
  readonly code: ClientErrorCode | ErrorCode;
  readonly channel: string | undefined;
  readonly closeCode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly id: string | number | undefined;
  readonly fatal: boolean;

  constructor(code: ClientErrorCode | ErrorCode, message: string, details: ClientErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ClientError";
    this.code = code;
    this.channel = details.channel;
    this.closeCode = details.closeCode;
    this.httpStatus = details.httpStatus;
    this.id = details.id;
    this.fatal = details.fatal ?? false;
  }
}

export function isClientError(value: unknown, code?: ClientErrorCode | ErrorCode): value is ClientError {
  return value instanceof ClientError && (code === undefined || value.code === code);
}
