/**
 * Silences: "keep alerts of this rule (and/or host) quiet until then, because ...". A silence
 * matches alerts by rule name and host, each a name or a glob; an unset field matches all. While
 * an alert is silenced its transitions are still evaluated, stored and logged, but not published
 * on its alert channel; when the last silence covering it ends, the channel is told the alert's
 * current state if it differs from what it last said (so a recovery is never lost).
 */
import { randomBytes } from "node:crypto";
import { MAX_SILENCE_MS, type SilenceSummary } from "@wirewatch/protocol";
import { AlertsError } from "./errors.js";
import { globMatch, isGlob } from "./glob.js";

export interface Silence {
  id: string;
  rule: string | null;
  host: string | null;
  reason: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface SilenceRequest {
  /** Rule name or glob; unset: every rule (then `host` is required). */
  rule?: string;
  /** Host name or glob; unset: every host. */
  host?: string;
  durationMs: number;
  reason: string;
  /** Who asked (the token's name). */
  by: string;
}

const HOST_GLOB = /^[A-Za-z0-9._*?-]{1,128}$/;

export function silenceMatches(silence: Silence, alert: { rule: string; host: string }): boolean {
  return (
    (silence.rule === null || globMatch(silence.rule, alert.rule)) &&
    (silence.host === null || globMatch(silence.host, alert.host))
  );
}

/** Validates a request against the known rule names; throws WW_ALERTS_INVALID / WW_ALERTS_NOT_FOUND. */
export function createSilence(request: SilenceRequest, ruleNames: readonly string[], nowMs: number): Silence {
  const invalid = (message: string) => new AlertsError("WW_ALERTS_INVALID", message);
  const { rule, host, durationMs } = request;
  const reason = typeof request.reason === "string" ? request.reason.trim() : "";
  if (rule === undefined && host === undefined)
    throw invalid('a silence needs a rule or a host ("*": every rule)');
  if (!Number.isInteger(durationMs) || durationMs < 1000 || durationMs > MAX_SILENCE_MS) {
    throw invalid(`duration_ms must be an integer from 1000 to ${MAX_SILENCE_MS}`);
  }
  if (reason.length === 0 || reason.length > 500) throw invalid("reason must be 1-500 characters");
  if (host !== undefined && !HOST_GLOB.test(host)) {
    throw invalid("host must be a host name or glob (letters, digits, '.', '_', '-', '*', '?')");
  }
  if (rule !== undefined) {
    if (rule.length === 0 || rule.length > 128) throw invalid("rule must be 1-128 characters");
    if (!ruleNames.some((name) => globMatch(rule, name))) {
      throw new AlertsError(
        "WW_ALERTS_NOT_FOUND",
        isGlob(rule) ? `no rule matches '${rule}'` : `no rule named '${rule}'`,
      );
    }
  }
  return {
    id: `s-${randomBytes(9).toString("base64url")}`,
    rule: rule ?? null,
    host: host ?? null,
    reason,
    createdBy: request.by,
    createdAt: nowMs,
    expiresAt: nowMs + durationMs,
  };
}

export function toSilenceSummary(silence: Silence): SilenceSummary {
  return {
    silence_id: silence.id,
    rule: silence.rule,
    host: silence.host,
    reason: silence.reason,
    created_by: silence.createdBy,
    created_at: new Date(silence.createdAt).toISOString(),
    expires_at: new Date(silence.expiresAt).toISOString(),
  };
}

/** `rule cpu on host nas1`, `every rule on host nas1`, `rule filesystem* on every host`. */
export function describeSilenceScope(silence: Silence): string {
  const rule = silence.rule === null || silence.rule === "*" ? "every rule" : `rule ${silence.rule}`;
  const host = silence.host === null || silence.host === "*" ? "every host" : `host ${silence.host}`;
  return `${rule} on ${host}`;
}
