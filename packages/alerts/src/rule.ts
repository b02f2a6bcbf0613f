/**
 * The `Rule` of architecture §7: which number to watch (channel, field, item key, host and label
 * match), when it is bad (op, warning/critical thresholds, `for`), when it is good again (clear
 * thresholds: hysteresis), how often to speak (cooldown, re-notify), and how the alert reads
 * (alert channel, subject and message templates).
 *
 * Two schemas: `ruleEntrySchema` is what one entry of `alerts.rules` may hold (everything but
 * `name` optional, because an entry may override a default rule field by field); `ruleSchema` is
 * a complete rule, with the checks that need several fields (thresholds in the op's order, clear
 * thresholds on the safe side, a key for array fields, a known channel). Issues carry the path
 * of the offending field, e.g. `clear.warning`.
 *
 * This module imports only zod and @wirewatch/protocol (it is part of `./rules-config`).
 */
import { ALERT_CHANNELS, getChannelSpec } from "@wirewatch/protocol";
import { z } from "zod";
import { DEFAULT_ALERT_CHANNEL } from "./channel-defaults.js";
import { parseFieldPath, parseKeyPath } from "./field-path.js";

export const RULE_OPS = [">", ">=", "<", "<="] as const;
export type RuleOp = (typeof RULE_OPS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const duration = (max: number) => z.int().min(0).max(max);
const glob = z.string().min(1).max(256);
const template = z.string().min(1).max(500);
const threshold = z.number().refine(Number.isFinite, { message: "must be a finite number" });

const fields = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
      message: "must be 1-64 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
    })
    .describe("Unique name; an entry named like a default rule overrides that rule field by field."),
  enabled: z.boolean().optional().describe("false turns the rule (or the default of that name) off."),
  description: z.string().max(500).optional().describe("What the rule is for (shown nowhere else)."),
  channel: z.string().min(1).max(128).describe("Channel whose samples are watched, e.g. system.stats."),
  field: z
    .string()
    .min(1)
    .max(256)
    .describe("Dotted path of the number, [] iterating an array: cpu_percent, disks[].used_percent."),
  key: z
    .union([z.string().min(1).max(256), z.array(z.string().min(1).max(256)).min(1).max(4)])
    .optional()
    .describe("What identifies an item of a [] field (e.g. mountpoint), or a field naming the subject."),
  match: z
    .record(z.string().min(1).max(256), z.union([glob, z.array(glob).min(1).max(64)]))
    .optional()
    .describe("Only samples whose host / item fields match these globs (a list: any of them)."),
  map: z
    .record(z.string().max(256), threshold)
    .optional()
    .describe("Numbers for string values (e.g. {ok: 0, stale: 1}); unmapped strings are skipped."),
  op: z.enum(RULE_OPS).describe("How the value compares to a threshold to be bad: >, >=, < or <=."),
  warning: threshold.optional().describe("Threshold of the warning severity."),
  critical: threshold.optional().describe("Threshold of the critical severity."),
  clear: z
    .strictObject({
      warning: threshold
        .optional()
        .describe("A warning ends when the value is past this (default: warning)."),
      critical: threshold
        .optional()
        .describe("A critical ends when the value is past this (default: critical)."),
    })
    .optional()
    .describe("Hysteresis: where each severity clears, on the safe side of its threshold."),
  forMs: duration(7 * DAY_MS)
    .optional()
    .describe("The condition must hold this long before the alert fires (or escalates), ms. Default 0."),
  cooldownMs: duration(7 * DAY_MS)
    .optional()
    .describe("After a recovery, the same alert does not fire again for this long, ms. Default 0."),
  renotifyMs: z
    .int()
    .min(1000)
    .max(7 * DAY_MS)
    .optional()
    .describe("Repeat a firing, unacknowledged alert this often, ms. Default: never."),
  alertChannel: z
    .enum(ALERT_CHANNELS)
    .optional()
    .describe(
      "Where alerts go; default by channel (system.stats: resource.alert, sensors: temperature.alert).",
    ),
  resource: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("resource.alert's resource (cpu, memory, disk, swap)."),
  sensorType: z.string().min(1).max(64).optional().describe("temperature.alert's sensor_type (cpu, disk)."),
  unit: z.string().max(16).optional().describe("Unit printed after numbers in messages (%, °C)."),
  subject: template.optional().describe("What the alert is about, e.g. 'Filesystem {mountpoint} usage'."),
  message: template.optional().describe("Template of firing messages; default seed style."),
  recoveryMessage: template.optional().describe("Template of recovery messages; default seed style."),
  inputs: z
    .array(z.string().min(1).max(128))
    .max(16)
    .optional()
    .describe("collector.status inputs whose stale/error state makes these alerts unknown."),
};

/** One entry of `alerts.rules`: a new rule, or an override of a default rule by name. */
export const ruleEntrySchema = z
  .strictObject({
    ...fields,
    channel: fields.channel.optional(),
    field: fields.field.optional(),
    op: fields.op.optional(),
  })
  .describe("A rule, or fields overriding the default rule of the same name.");

/** A complete rule, every cross-field check included. */
export const ruleSchema = z.strictObject(fields).superRefine((rule, ctx) => {
  for (const issue of checkRule(rule))
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

export type RuleEntry = z.input<typeof ruleEntrySchema>;
export type Rule = z.output<typeof ruleSchema>;

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

const above = (op: RuleOp) => op === ">" || op === ">=";

/** The checks that involve several fields of a (structurally valid) rule. */
export function checkRule(rule: Rule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const spec = getChannelSpec(rule.channel);
  if (!spec) add(["channel"], `no channel named '${rule.channel}'`);
  else if ((ALERT_CHANNELS as readonly string[]).includes(rule.channel) || rule.channel === "log") {
    add(["channel"], "rules cannot watch alert channels or log (their own output)");
  }
  if (spec && !rule.alertChannel && !DEFAULT_ALERT_CHANNEL[rule.channel]) {
    add(["alertChannel"], `is required for channel '${rule.channel}' (no default alert channel)`);
  }
  const field = parseFieldPath(rule.field);
  if (!field.ok) add(["field"], field.reason);
  else {
    const keys = rule.key === undefined ? [] : Array.isArray(rule.key) ? rule.key : [rule.key];
    if (field.path.array !== null && keys.length === 0) {
      add(
        ["key"],
        `is required when field iterates an array: name what identifies an item of ${field.path.arrayText}[]`,
      );
    }
    keys.forEach((key, index) => {
      const parsed = parseKeyPath(key, field.path);
      if (!parsed.ok) add(Array.isArray(rule.key) ? ["key", index] : ["key"], parsed.reason);
    });
    for (const label of Object.keys(rule.match ?? {})) {
      if (label === "host") continue;
      const parsed = parseKeyPath(label, field.path);
      if (!parsed.ok) add(["match", label], parsed.reason);
    }
  }
  checkThresholds(rule, add);
  return issues;
}

function checkThresholds(rule: Rule, add: (path: (string | number)[], message: string) => void): void {
  const { op, warning, critical } = rule;
  if (warning === undefined && critical === undefined) {
    add(["warning"], "a rule needs warning, critical or both");
    return;
  }
  const up = above(op);
  if (warning !== undefined && critical !== undefined && (up ? warning >= critical : warning <= critical)) {
    add(
      ["critical"],
      `must be ${up ? "greater" : "less"} than warning (${warning}) for op '${op}' (critical is the worse one)`,
    );
  }
  for (const severity of ["warning", "critical"] as const) {
    const clear = rule.clear?.[severity];
    if (clear === undefined) continue;
    const limit = rule[severity];
    if (limit === undefined) {
      add(["clear", severity], `set ${severity} too: clear.${severity} is where a ${severity} ends`);
    } else if (up ? clear > limit : clear < limit) {
      add(
        ["clear", severity],
        `must be at or ${up ? "below" : "above"} ${severity} (${limit}): with op '${op}' an alert clears on the ${up ? "low" : "high"} side of its threshold`,
      );
    }
  }
}
