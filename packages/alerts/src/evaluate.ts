/**
 * The alert state machine, pure: one observation of one alert in, the next state and the
 * transitions to announce out. No I/O; time is the `nowMs` given.
 *
 * - A sample is compared with the thresholds. Not firing, the worst severity whose threshold is
 *   crossed is the target; firing at S, S holds until the value passes its clear threshold
 *   (hysteresis), and a worse severity is still the target when crossed.
 * - inactive → pending when a target appears; pending → firing once the condition held `forMs`
 *   and any cooldown (`cooldownMs` after the last recovery) is over; pending → inactive silently
 *   when the condition goes away first.
 * - firing: a worse target escalates after holding `forMs`; a milder one de-escalates at once;
 *   no target resolves (a recovery); the same one re-notifies every `renotifyMs` unless
 *   acknowledged.
 * - A stale observation (its input stale or failing, or its item gone from a fresh sample) turns
 *   firing into unknown and drops a pending condition. Only a fresh sample leaves unknown: back to
 *   firing ("returned"), or resolved. So a recovery is never derived from stale data.
 */
import type { AlertSeverity } from "@wirewatch/protocol";
import { type AlertState, newAlertState, type Phase, SEVERITY_RANK } from "./alert-state.js";
import type { CompiledRule } from "./compile-rule.js";

export type Observation =
  | { kind: "sample"; value: number; labels: Record<string, string> }
  | { kind: "stale"; reason: string };

export type TransitionKind =
  | "fired"
  | "escalated"
  | "deescalated"
  | "renotified"
  | "resolved"
  | "unknown"
  | "returned";

export interface Transition {
  kind: TransitionKind;
  from: Phase;
  /** The severity announced: the new one, or (resolved, unknown) the one that ended. */
  severity: AlertSeverity;
  value: number | null;
  threshold: number | null;
  /** How long the condition has held (since pending began). */
  heldMs: number;
  /** How long the alert has been firing (0 when it just fired). */
  firingMs: number;
  at: number;
  reason?: string;
}

export interface Evaluation {
  state: AlertState;
  transitions: Transition[];
}

export interface AlertIdentity {
  id: string;
  host: string;
  key: string | null;
}

function passes(op: CompiledRule["op"], value: number, limit: number): boolean {
  if (op === ">") return value > limit;
  if (op === ">=") return value >= limit;
  if (op === "<") return value < limit;
  return value <= limit;
}

/** The severity a value calls for, given the severity currently firing (for hysteresis). */
export function targetSeverity(
  rule: CompiledRule,
  value: number,
  current: AlertSeverity | null,
): AlertSeverity | null {
  const crossed = (s: AlertSeverity) =>
    rule.thresholds[s] !== undefined && passes(rule.op, value, rule.thresholds[s]);
  const holds = (s: AlertSeverity) => rule.clear[s] !== undefined && passes(rule.op, value, rule.clear[s]);
  if (crossed("critical") || (current === "critical" && holds("critical"))) return "critical";
  if (crossed("warning") || (current !== null && holds("warning"))) return "warning";
  return null;
}

export function evaluate(
  rule: CompiledRule,
  previous: AlertState | undefined,
  observation: Observation,
  identity: AlertIdentity,
  nowMs: number,
): Evaluation {
  const state: AlertState = previous
    ? { ...previous }
    : newAlertState(identity.id, rule.name, identity.host, identity.key);
  const transitions: Transition[] = [];
  const emit = (kind: TransitionKind, from: Phase, severity: AlertSeverity, reason?: string) => {
    const t: Transition = {
      kind,
      from,
      severity,
      value: state.value,
      threshold: rule.thresholds[severity] ?? null,
      heldMs: state.since === null ? 0 : nowMs - state.since,
      firingMs: state.firedAt === null ? 0 : nowMs - state.firedAt,
      at: nowMs,
    };
    if (reason !== undefined) t.reason = reason;
    transitions.push(t);
  };
  if (observation.kind === "stale") {
    if (state.phase === "firing" && state.severity !== null) {
      state.phase = "unknown";
      state.unknownSince = nowMs;
      state.unknownReason = observation.reason;
      state.candidate = null;
      state.candidateSince = null;
      emit("unknown", "firing", state.severity, observation.reason);
    } else if (state.phase === "pending") {
      toInactive(state);
    }
    return { state, transitions };
  }

  state.value = observation.value;
  state.labels = observation.labels;
  const from = state.phase;
  const current = from === "firing" || from === "unknown" ? state.severity : null;
  const target = targetSeverity(rule, observation.value, current);

  if (from === "inactive" || from === "pending") {
    if (target === null) {
      toInactive(state);
      return { state, transitions };
    }
    if (from === "inactive") {
      state.phase = "pending";
      state.since = nowMs;
      state.candidateSince = nowMs;
    }
    state.candidate = target;
    const heldEnough = nowMs - (state.candidateSince ?? nowMs) >= rule.forMs;
    const cooled = state.resolvedAt === null || nowMs - state.resolvedAt >= rule.cooldownMs;
    if (heldEnough && cooled) {
      state.phase = "firing";
      state.severity = target;
      state.threshold = rule.thresholds[target] ?? null;
      state.firedAt = nowMs;
      state.lastNotifiedAt = nowMs;
      state.acknowledged = null;
      clearCandidate(state);
      emit("fired", from, target);
    }
    return { state, transitions };
  }

  const severity = state.severity ?? "warning";
  if (target === null) {
    emit("resolved", from, severity);
    state.phase = "inactive";
    state.resolvedAt = nowMs;
    state.unknownSince = null;
    state.unknownReason = null;
    clearCandidate(state);
    return { state, transitions };
  }

  if (from === "unknown") {
    const back = SEVERITY_RANK[target] < SEVERITY_RANK[severity] ? target : severity;
    state.phase = "firing";
    state.severity = back;
    state.threshold = rule.thresholds[back] ?? null;
    state.unknownSince = null;
    state.unknownReason = null;
    state.lastNotifiedAt = nowMs;
    emit("returned", "unknown", back);
  }
  firingStep(rule, state, target, nowMs, emit);
  return { state, transitions };
}

/** One sample while firing at `state.severity` with a non-null target. */
function firingStep(
  rule: CompiledRule,
  state: AlertState,
  target: AlertSeverity,
  nowMs: number,
  emit: (kind: TransitionKind, from: Phase, severity: AlertSeverity) => void,
): void {
  const severity = state.severity ?? target;
  const rank = SEVERITY_RANK[target] - SEVERITY_RANK[severity];
  if (rank < 0) {
    state.severity = target;
    state.threshold = rule.thresholds[target] ?? null;
    clearCandidate(state);
    emit("deescalated", "firing", target);
    return;
  }
  if (rank > 0) {
    if (state.candidate !== target || state.candidateSince === null) {
      state.candidate = target;
      state.candidateSince = nowMs;
    }
    if (nowMs - state.candidateSince >= rule.forMs) {
      state.severity = target;
      state.threshold = rule.thresholds[target] ?? null;
      state.lastNotifiedAt = nowMs;
      state.acknowledged = null;
      clearCandidate(state);
      emit("escalated", "firing", target);
    }
    return;
  }
  clearCandidate(state);
  state.threshold = rule.thresholds[severity] ?? null;
  const due = state.lastNotifiedAt === null || nowMs - state.lastNotifiedAt >= (rule.renotifyMs ?? Infinity);
  if (rule.renotifyMs !== null && state.acknowledged === null && due) {
    state.lastNotifiedAt = nowMs;
    emit("renotified", "firing", severity);
  }
}

function clearCandidate(state: AlertState): void {
  state.candidate = null;
  state.candidateSince = null;
}

function toInactive(state: AlertState): void {
  state.phase = "inactive";
  state.since = null;
  clearCandidate(state);
}
