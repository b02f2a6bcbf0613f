import type { AlertSummary } from "@wirewatch/protocol";
import type { AlertState } from "./alert-state.js";
import type { CompiledRule } from "./compile-rule.js";
import { messageOf } from "./payload.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An active (firing or unknown) alert as `alerts_list` shows it. */
export function toAlertSummary(
  rule: CompiledRule,
  state: AlertState,
  silencedBy: string[],
  nowMs: number,
): AlertSummary {
  const severity = state.severity ?? "warning";
  const phase = state.phase === "unknown" ? "unknown" : "firing";
  const heldMs = state.since === null ? 0 : nowMs - state.since;
  const firingMs = state.firedAt === null ? 0 : nowMs - state.firedAt;
  const message = messageOf(rule, state, {
    kind: "catch_up",
    state: phase,
    severity,
    value: state.value,
    threshold: state.threshold,
    heldMs,
    firingMs,
    ...(state.unknownReason === null ? {} : { reason: state.unknownReason }),
  });
  return {
    alert_id: state.id,
    rule: state.rule,
    host: state.host,
    key: state.key,
    channel: rule.alertChannel,
    state: phase,
    severity,
    value: state.value,
    threshold: state.threshold,
    message,
    since: iso(state.since),
    fired_at: iso(state.firedAt),
    held_ms: Math.max(0, heldMs),
    acknowledged: state.acknowledged !== null,
    acknowledged_by: state.acknowledged?.by ?? null,
    acknowledged_at: iso(state.acknowledged?.at ?? null),
    silenced_by: silencedBy,
  };
}
