import { errorText } from "@wirewatch/protocol";
/**
 * Errors raised by the collector package. Every error carries a stable `code` callers may switch
 * on (never rename one, only add); file-related errors also name the `file` involved so a
 * `collector.status` event can tell an operator which file was unreadable or garbled.
 */
export const COLLECTOR_ERROR_CODES = {
  WW_COLLECTOR_CONFIG_INVALID: "An input's configuration failed its schema",
  WW_COLLECTOR_UNKNOWN_INPUT: "The configuration names an input nobody registered",
  WW_COLLECTOR_DUPLICATE_INPUT: "Two inputs were registered under one name",
  WW_COLLECTOR_READ: "A file could not be read",
  WW_COLLECTOR_PARSE: "A file was read but its content is truncated or garbled",
  WW_COLLECTOR_TIMEOUT: "A gather did not finish before its deadline",
  WW_COLLECTOR_PAYLOAD_INVALID: "An input emitted data that fails its channel's schema",
  WW_COLLECTOR_STREAM_ENDED: "An event-stream input's start() returned while it should be running",
  WW_COLLECTOR_UNKNOWN_TASK: "The parse worker was asked for a task it does not know",
  WW_COLLECTOR_POOL: "The worker pool failed or is closed",
  WW_COLLECTOR_GATHER: "A gather failed for a reason without a more specific code",
  WW_COLLECTOR_STOPPED: "The scheduler is stopped (or stopping); it takes no new inputs and aborts gathers",
} as const;

export type CollectorErrorCode = keyof typeof COLLECTOR_ERROR_CODES;

export interface CollectorErrorDetails {
  /** Path of the file the error is about, as the collector read it. */
  file?: string;
  /** Extra structured detail (e.g. config issues). */
  issues?: readonly { path: string; message: string }[];
  cause?: unknown;
}

export class CollectorError extends Error {
  readonly code: CollectorErrorCode;
  readonly file: string | undefined;
  readonly issues: readonly { path: string; message: string }[] | undefined;

  constructor(code: CollectorErrorCode, message: string, details: CollectorErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "CollectorError";
    this.code = code;
    this.file = details.file;
    this.issues = details.issues;
  }
}

/** Plain-object form of an error, safe to send across a worker boundary (structured clone). */
export interface SerializedError {
  code: CollectorErrorCode;
  message: string;
  file?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof CollectorError) {
    return err.file === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, file: err.file };
  }
  return { code: "WW_COLLECTOR_GATHER", message: errorText(err) };
}

export function deserializeError(err: SerializedError): CollectorError {
  return new CollectorError(err.code, err.message, err.file === undefined ? {} : { file: err.file });
}
