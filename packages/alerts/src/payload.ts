/**
 * The data of an alert event, shaped for its channel's schema in @wirewatch/protocol
 * (`temperature.alert`: sensor_name, sensor_type, temperature, threshold, level, state, message;
 * `resource.alert`: resource, value, threshold, level, state, message; `infrastructure.alert` and
 * `storage.alert`: subject, level, state, message), plus what every wirewatch alert carries.
 *
 * `level` is the severity while firing, `ok` for a recovery, `unknown` while data is stale;
 * `severity` is always the rule severity concerned. `subject` reads like MonServ's
 * (`[ALERT] nas1 CPU usage warning`, `[RECOVERED] nas1 CPU usage`).
 */
import type { AlertSeverity } from "@wirewatch/protocol";
import type { AlertState } from "./alert-state.js";
import type { CompiledRule } from "./compile-rule.js";
import type { TransitionKind } from "./evaluate.js";
import {
  firingMessage,
  type MessageContext,
  recoveryMessage,
  subjectOf,
  unknownMessage,
} from "./messages.js";

/** Why an event is published: a state machine transition, an acknowledgement, or a catch-up after a silence. */
export type EventKind = TransitionKind | "acknowledged" | "catch_up";

export interface Announcement extends MessageContext {
  kind: EventKind;
  state: "firing" | "resolved" | "unknown";
  severity: AlertSeverity;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function messageOf(rule: CompiledRule, alert: AlertState, announcement: Announcement): string {
  if (announcement.state === "resolved") return recoveryMessage(rule, alert, announcement);
  if (announcement.state === "unknown") return unknownMessage(rule, alert, announcement);
  const text = firingMessage(rule, alert, announcement);
  return announcement.kind === "acknowledged" && announcement.by
    ? `${text}, acknowledged by ${announcement.by}`
    : text;
}

export function alertPayload(
  rule: CompiledRule,
  alert: AlertState,
  a: Announcement,
): Record<string, unknown> {
  const subject = subjectOf(rule, alert);
  const level = a.state === "firing" ? a.severity : a.state === "resolved" ? "ok" : "unknown";
  const tag = a.state === "firing" ? "ALERT" : a.state === "resolved" ? "RECOVERED" : "UNKNOWN";
  const value = a.value ?? 0;
  const threshold = a.threshold ?? rule.thresholds[a.severity] ?? 0;
  const data: Record<string, unknown> = {
    level,
    state: a.state,
    message: messageOf(rule, alert, a),
    subject: `[${tag}] ${alert.host} ${subject}${a.state === "firing" ? ` ${a.severity}` : ""}`,
    alert_id: alert.id,
    rule: rule.name,
    host: alert.host,
    key: alert.key,
    severity: a.severity,
    value,
    threshold,
    held_ms: Math.max(0, a.heldMs),
    firing_ms: Math.max(0, a.firingMs),
    since: iso(alert.since),
    fired_at: iso(alert.firedAt),
    acknowledged: alert.acknowledged !== null,
    acknowledged_by: alert.acknowledged?.by ?? null,
    transition: a.kind,
  };
  if (a.reason !== undefined) data.reason = a.reason;
  if (rule.alertChannel === "resource.alert") data.resource = rule.resource;
  if (rule.alertChannel === "temperature.alert") {
    data.sensor_name = alert.labels.label ?? alert.key ?? rule.name;
    data.sensor_type = rule.sensorType;
    data.temperature = value;
  }
  return data;
}
