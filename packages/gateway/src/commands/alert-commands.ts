import type { ErrorCode } from "@wirewatch/protocol";
import type { GatewayAlerts } from "../alerts-port.js";
import type { Principal } from "../auth/principal.js";
import type { Logger } from "../logger.js";

/**
 * An alert command's refusal: its protocol error code and message, and `status`, what the HTTP
 * routes answer with.
 */
export interface AlertsFailure {
  ok: false;
  code: ErrorCode;
  message: string;
  status: number;
}
/** An alert command's answer from the engine, or its refusal. */
export type AlertsOutcome<T> = { ok: true; value: T } | AlertsFailure;

/**
 * The engine, when the principal may use it and there is one: else `forbidden` (403) without the
 * admin permission, `unavailable` (503) without an alert engine in this process.
 */
export function alertsAccess(
  alerts: GatewayAlerts | undefined,
  principal: Principal,
): AlertsOutcome<GatewayAlerts> {
  if (!principal.permissions.has("admin")) {
    return { ok: false, code: "forbidden", message: "alert commands need the admin permission", status: 403 };
  }
  if (!alerts) {
    return {
      ok: false,
      code: "unavailable",
      message:
        "no alert engine runs in this gateway's process (alerts are evaluated where samples are collected)",
      status: 503,
    };
  }
  return { ok: true, value: alerts };
}

/**
 * Runs one engine call, mapping its errors to protocol error codes: `WW_ALERTS_NOT_FOUND` →
 * `not_found` (404), `WW_ALERTS_INVALID` → `invalid_message` (400), anything else `unavailable` (503).
 */
export async function callAlerts<T>(logger: Logger, run: () => T | Promise<T>): Promise<AlertsOutcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : String(err);
    if (code === "WW_ALERTS_NOT_FOUND") return { ok: false, code: "not_found", message, status: 404 };
    if (code === "WW_ALERTS_INVALID") return { ok: false, code: "invalid_message", message, status: 400 };
    logger.warn({ err: message, code }, "alert command failed");
    return {
      ok: false,
      code: "unavailable",
      message: "the alert engine could not do that; try again shortly",
      status: 503,
    };
  }
}

/**
 * The checks every alert command shares, over WebSocket and HTTP: {@link alertsAccess}, then
 * {@link callAlerts}.
 */
export async function withAlerts<T>(
  alerts: GatewayAlerts | undefined,
  principal: Principal,
  logger: Logger,
  run: (alerts: GatewayAlerts) => T | Promise<T>,
): Promise<AlertsOutcome<T>> {
  const access = alertsAccess(alerts, principal);
  if (!access.ok) return access;
  return callAlerts(logger, () => run(access.value));
}
