/**
 * Errors raised by the alerts package. Every error carries a stable `code` callers may switch on
 * (never rename one, only add); rule errors also list every problem with its field path.
 */
export const ALERTS_ERROR_CODES = {
  WW_ALERTS_RULE_INVALID: "A rule failed validation (the issues name each field)",
  WW_ALERTS_INVALID: "A request (silence, acknowledgement) is malformed",
  WW_ALERTS_NOT_FOUND: "No active alert or silence has that id, or a silence matches no rule",
  WW_ALERTS_STORE: "The state store (Redis) failed to load or save alert state",
  WW_ALERTS_CLOSED: "The engine was closed",
} as const;

export type AlertsErrorCode = keyof typeof ALERTS_ERROR_CODES;

export interface AlertsIssue {
  /** Field path, e.g. `rules[2].clear.warning`. */
  path: string;
  message: string;
}

export class AlertsError extends Error {
  override readonly name = "AlertsError";
  readonly code: AlertsErrorCode;
  readonly issues: readonly AlertsIssue[];

  constructor(
    code: AlertsErrorCode,
    message: string,
    options: { issues?: AlertsIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isAlertsError(error: unknown, code?: AlertsErrorCode): error is AlertsError {
  return error instanceof AlertsError && (code === undefined || error.code === code);
}
