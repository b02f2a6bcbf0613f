/**
 * Errors thrown by @wirewatch/runtime. Every error carries a stable `code` that callers and
 * tests match on; messages are for people and may change.
 */
export type RuntimeErrorCode =
  | "WW_METRIC_NAME_INVALID"
  | "WW_METRIC_CONFLICT"
  | "WW_HEALTH_CHECK_DUPLICATE"
  | "WW_HEALTH_CHECK_TIMEOUT"
  | "WW_SHUTDOWN_STEP_DUPLICATE"
  | "WW_SHUTDOWN_IN_PROGRESS"
  | "WW_SHUTDOWN_TIMEOUT";

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RuntimeError";
    this.code = code;
  }
}

/** True when `err` is a RuntimeError with the given code (or any code when omitted). */
export function isRuntimeError(err: unknown, code?: RuntimeErrorCode): err is RuntimeError {
  return err instanceof RuntimeError && (code === undefined || err.code === code);
}
