/**
 * A validated rule turned into what evaluation needs: parsed paths, globs, thresholds by
 * severity, defaults filled in (alert channel, source inputs, messages), and the list of payload
 * fields worth remembering for messages (`labelPaths`).
 */
import type { AlertChannel, AlertSeverity } from "@wirewatch/protocol";
import { DEFAULT_ALERT_CHANNEL, DEFAULT_SOURCE_INPUTS } from "./channel-defaults.js";
import { AlertsError } from "./errors.js";
import { type FieldPath, parseFieldPath, parseKeyPath, type Segment } from "./field-path.js";
import { formatIssuePath } from "./merge-rules.js";
import { type Rule, type RuleOp, ruleSchema } from "./rule.js";
import { templateNames } from "./template.js";

/** Template variables the engine computes itself; any other name is read from the sample. */
export const COMPUTED_VARS = new Set([
  "subject",
  "severity",
  "level",
  "value",
  "threshold",
  "unit",
  "host",
  "key",
  "rule",
  "held",
  "firing_for",
  "reason",
  "by",
  "raw",
]);

export interface CompiledRule {
  name: string;
  channel: string;
  field: FieldPath;
  /** Paths (relative to the item, or to the payload) whose values, joined by `/`, form the key. */
  key: Segment[][];
  /** Host globs, or null for every host. */
  hosts: string[] | null;
  match: { path: Segment[]; globs: string[] }[];
  map: Readonly<Record<string, number>> | null;
  op: RuleOp;
  thresholds: Partial<Record<AlertSeverity, number>>;
  /** Where each severity ends (defaults to its threshold). */
  clear: Partial<Record<AlertSeverity, number>>;
  forMs: number;
  cooldownMs: number;
  renotifyMs: number | null;
  alertChannel: AlertChannel;
  resource: string;
  sensorType: string;
  unit: string;
  subject: string;
  message: string | null;
  recoveryMessage: string | null;
  /** collector.status inputs whose stale/error state makes the alerts unknown. */
  inputs: readonly string[];
  /** Sample fields kept with an alert, for its messages (name → path). */
  labelPaths: ReadonlyMap<string, Segment[]>;
  /** The rule as configured. */
  source: Rule;
}

const asList = <T>(value: T | readonly T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value as T];

function parsedKey(text: string, field: FieldPath): Segment[] {
  const parsed = parseKeyPath(text, field);
  if (!parsed.ok) throw new AlertsError("WW_ALERTS_RULE_INVALID", `${text}: ${parsed.reason}`);
  return parsed.path;
}

/** Compiles one rule; throws `WW_ALERTS_RULE_INVALID` listing every problem when it is not valid. */
export function compileRule(input: Rule): CompiledRule {
  const checked = ruleSchema.safeParse(input);
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => ({
      path: formatIssuePath(issue.path.map((s) => (typeof s === "number" ? s : String(s)))),
      message: issue.message,
    }));
    const name = typeof (input as { name?: unknown }).name === "string" ? input.name : "?";
    throw new AlertsError(
      "WW_ALERTS_RULE_INVALID",
      `rule ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues },
    );
  }
  const rule = checked.data;
  const parsedField = parseFieldPath(rule.field);
  if (!parsedField.ok) throw new AlertsError("WW_ALERTS_RULE_INVALID", parsedField.reason);
  const field = parsedField.path;
  const match = Object.entries(rule.match ?? {})
    .filter(([label]) => label !== "host")
    .map(([label, globs]) => ({ path: parsedKey(label, field), globs: asList(globs) }));
  const hostGlobs = rule.match?.host;
  const labelPaths = new Map<string, Segment[]>();
  for (const text of [rule.subject, rule.message, rule.recoveryMessage]) {
    for (const name of text ? templateNames(text) : []) {
      if (COMPUTED_VARS.has(name) || labelPaths.has(name)) continue;
      const parsed = parseKeyPath(name, field);
      if (parsed.ok) labelPaths.set(name, parsed.path);
    }
  }
  if (
    (rule.alertChannel ?? DEFAULT_ALERT_CHANNEL[rule.channel]) === "temperature.alert" &&
    !labelPaths.has("label")
  ) {
    const parsed = parseKeyPath("label", field);
    if (parsed.ok) labelPaths.set("label", parsed.path);
  }
  const thresholds: CompiledRule["thresholds"] = {};
  const clear: CompiledRule["clear"] = {};
  for (const severity of ["warning", "critical"] as const) {
    const limit = rule[severity];
    if (limit === undefined) continue;
    thresholds[severity] = limit;
    clear[severity] = rule.clear?.[severity] ?? limit;
  }
  return {
    name: rule.name,
    channel: rule.channel,
    field,
    key: asList(rule.key).map((text) => parsedKey(text, field)),
    hosts: hostGlobs === undefined ? null : asList(hostGlobs),
    match,
    map: rule.map ?? null,
    op: rule.op,
    thresholds,
    clear,
    forMs: rule.forMs ?? 0,
    cooldownMs: rule.cooldownMs ?? 0,
    renotifyMs: rule.renotifyMs ?? null,
    alertChannel: rule.alertChannel ?? (DEFAULT_ALERT_CHANNEL[rule.channel] as AlertChannel),
    resource: rule.resource ?? rule.name,
    sensorType: rule.sensorType ?? "other",
    unit: rule.unit ?? "",
    subject: rule.subject ?? rule.name,
    message: rule.message ?? null,
    recoveryMessage: rule.recoveryMessage ?? null,
    inputs: rule.inputs ?? DEFAULT_SOURCE_INPUTS[rule.channel] ?? [],
    labelPaths,
    source: rule,
  };
}
