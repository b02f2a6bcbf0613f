/**
 * The state of one alert: one (rule, host, key). Plain data (JSON round-trips it), so the state
 * store can keep it and a restarted engine carries on where the last one stopped.
 *
 * Phases: `inactive` (condition false; after a recovery `resolvedAt` is set), `pending` (true,
 * waiting out `forMs` or a cooldown), `firing` (at `severity`), `unknown` (was firing, then its
 * data went stale; `severity` is the last known one).
 */
import { createHash } from "node:crypto";
import type { AlertSeverity } from "@wirewatch/protocol";

export type Phase = "inactive" | "pending" | "firing" | "unknown";

/** What subscribers of the alert channel were last told: an active alert, or nothing (null). */
export interface Visible {
  state: "firing" | "unknown";
  severity: AlertSeverity;
}

export interface AlertState {
  id: string;
  rule: string;
  host: string;
  key: string | null;
  phase: Phase;
  /** Firing severity; while unknown the last known one; after a recovery the one that recovered. */
  severity: AlertSeverity | null;
  /** A worse severity waiting out `forMs` (also the first one, while pending). */
  candidate: AlertSeverity | null;
  candidateSince: number | null;
  /** When the condition began (start of pending). */
  since: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  unknownSince: number | null;
  unknownReason: string | null;
  /** Latest value seen, and the threshold of the current (or last) severity. */
  value: number | null;
  threshold: number | null;
  /** Sample fields for messages (see CompiledRule.labelPaths). */
  labels: Record<string, string>;
  /** Last firing notification (fire, escalation, re-notify): the re-notify clock. */
  lastNotifiedAt: number | null;
  acknowledged: { by: string; at: number } | null;
  /** Maintained by the engine: what the alert channel last said. */
  notified: Visible | null;
}

export const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { warning: 1, critical: 2 };

/** Stable id of an alert, the same in every process and after restarts. */
export function alertId(rule: string, host: string, key: string | null): string {
  return createHash("sha256")
    .update(`${rule}\u0000${host}\u0000${key ?? ""}`)
    .digest("base64url")
    .slice(0, 16);
}

export function newAlertState(id: string, rule: string, host: string, key: string | null): AlertState {
  return {
    id,
    rule,
    host,
    key,
    phase: "inactive",
    severity: null,
    candidate: null,
    candidateSince: null,
    since: null,
    firedAt: null,
    resolvedAt: null,
    unknownSince: null,
    unknownReason: null,
    value: null,
    threshold: null,
    labels: {},
    lastNotifiedAt: null,
    acknowledged: null,
    notified: null,
  };
}

/** What subscribers should currently see of this alert. */
export function visibleOf(state: AlertState): Visible | null {
  if ((state.phase === "firing" || state.phase === "unknown") && state.severity !== null) {
    return { state: state.phase, severity: state.severity };
  }
  return null;
}

export function sameVisible(a: Visible | null, b: Visible | null): boolean {
  return a === b || (a !== null && b !== null && a.state === b.state && a.severity === b.severity);
}

/** True when nothing about the alert is worth keeping: inactive, told, out of its cooldown. */
export function isQuiescent(state: AlertState, cooldownMs: number, nowMs: number): boolean {
  return (
    state.phase === "inactive" &&
    state.notified === null &&
    (state.resolvedAt === null || nowMs - state.resolvedAt >= cooldownMs)
  );
}

/** Whether the store must hold the alert (a restart must not forget it). */
export function needsStoring(state: AlertState): boolean {
  return state.phase === "firing" || state.phase === "unknown" || state.notified !== null;
}

/** The fields whose change is worth a store write (values alone are not). */
export function storedSignature(state: AlertState | undefined): string {
  if (!state || !needsStoring(state)) return "";
  const {
    phase,
    severity,
    since,
    firedAt,
    unknownSince,
    acknowledged,
    notified,
    resolvedAt,
    lastNotifiedAt,
  } = state;
  return JSON.stringify([
    phase,
    severity,
    since,
    firedAt,
    unknownSince,
    acknowledged,
    notified,
    resolvedAt,
    lastNotifiedAt,
  ]);
}
