/**
 * Human messages in the seeds' style (UMA's temperature alert, MonServ's alert/recovery):
 *
 *   CPU Package temperature warning: 75.2°C (threshold: 70.0°C)
 *   CPU usage recovered: 41.0% (threshold: 90.0%), firing for 5m 12s
 *   Filesystem /mnt/disk1 usage unknown: collector host.storage is stale
 *
 * A rule may replace the firing and recovery templates (`message`, `recoveryMessage`); its
 * `subject` template names what the alert is about. Numbers print with one decimal.
 */
import type { AlertState } from "./alert-state.js";
import type { CompiledRule } from "./compile-rule.js";
import { renderTemplate } from "./template.js";

export const DEFAULT_FIRING_MESSAGE = "{subject} {severity}: {value}{unit} (threshold: {threshold}{unit})";
export const DEFAULT_RECOVERY_MESSAGE =
  "{subject} recovered: {value}{unit} (threshold: {threshold}{unit}), firing for {firing_for}";
export const DEFAULT_UNKNOWN_MESSAGE = "{subject} unknown: {reason}";

/** `75.2`, `90.0`, `-3.5`; integers of 10 000 and more without decimals. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "?";
  return Math.abs(value) >= 10_000 ? String(Math.round(value)) : value.toFixed(1);
}

/** `0s`, `45s`, `5m`, `5m 12s`, `2h 3m`, `3d 4h`: the largest unit and the next one when not 0. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  const first = units.findIndex(([, size]) => total >= size);
  if (first === -1) return "0s";
  const [bigName, bigSize] = units[first] as [string, number];
  const parts = [`${Math.floor(total / bigSize)}${bigName}`];
  const next = units[first + 1];
  if (next) {
    const count = Math.floor((total % bigSize) / next[1]);
    if (count > 0) parts.push(`${count}${next[0]}`);
  }
  return parts.join(" ");
}

export interface MessageContext {
  severity: string;
  value: number | null;
  threshold: number | null;
  heldMs: number;
  firingMs: number;
  reason?: string;
  by?: string;
}

function vars(
  rule: CompiledRule,
  state: AlertState,
  context: MessageContext,
): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = {
    ...state.labels,
    severity: context.severity,
    level: context.severity,
    value: formatNumber(context.value),
    threshold: formatNumber(context.threshold),
    unit: rule.unit,
    host: state.host,
    key: state.key ?? undefined,
    rule: rule.name,
    held: formatDuration(context.heldMs),
    firing_for: formatDuration(context.firingMs),
    reason: context.reason,
    by: context.by,
  };
  base.subject = renderTemplate(rule.subject, base);
  return base;
}

export function subjectOf(rule: CompiledRule, state: AlertState): string {
  return renderTemplate(rule.subject, {
    ...state.labels,
    host: state.host,
    key: state.key ?? undefined,
    rule: rule.name,
  });
}

export function firingMessage(rule: CompiledRule, state: AlertState, context: MessageContext): string {
  return renderTemplate(rule.message ?? DEFAULT_FIRING_MESSAGE, vars(rule, state, context));
}

export function recoveryMessage(rule: CompiledRule, state: AlertState, context: MessageContext): string {
  return renderTemplate(rule.recoveryMessage ?? DEFAULT_RECOVERY_MESSAGE, vars(rule, state, context));
}

export function unknownMessage(rule: CompiledRule, state: AlertState, context: MessageContext): string {
  return renderTemplate(DEFAULT_UNKNOWN_MESSAGE, vars(rule, state, context));
}
