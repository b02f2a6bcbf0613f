/**
 * The `alerts` section of the wirewatch configuration, defined here beside the engine and
 * embedded by @wirewatch/config (through the light subpath `@wirewatch/alerts/rules-config`,
 * which loads only zod and @wirewatch/protocol). Every rule is validated whole, so a bad rule is
 * rejected with its field path (`alerts.rules[2].clear.warning`).
 */
import { z } from "zod";
import { DEFAULT_RULES } from "./defaults.js";
import { mergeRules } from "./merge-rules.js";
import { ruleEntrySchema } from "./rule.js";

export const alertsConfigSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe("Evaluate alert rules on every sample this process collects."),
    defaults: z
      .boolean()
      .default(true)
      .describe(
        `Include the built-in rules (${DEFAULT_RULES.map((rule) => rule.name).join(", ")}), ` +
          "shown commented out below rules.",
      ),
    rules: z
      .array(ruleEntrySchema)
      .max(500)
      .default([])
      .meta({ examples: [DEFAULT_RULES] })
      .describe(
        "Rules added to the built-in ones; an entry with a built-in rule's name changes only the fields it " +
          "sets (e.g. {name: cpu, warning: 80}) and enabled: false turns it off. A rule: name, channel, " +
          "field, key, match, op, warning, critical, clear, forMs, cooldownMs, renotifyMs, alertChannel, " +
          "subject, message (see @wirewatch/alerts' README). The built-in rules follow, commented out.",
      ),
  })
  .superRefine(
    (config, ctx) => {
      // Runs even when some entries are malformed (those were reported already and are skipped),
      // so every problem of every rule is reported at once.
      const input = config as { defaults?: unknown; rules?: unknown };
      const entries = Array.isArray(input.rules) ? input.rules : [];
      const merged = mergeRules({
        defaults: input.defaults !== false,
        rules: entries.map((entry) => {
          const parsed = ruleEntrySchema.safeParse(entry);
          return parsed.success ? parsed.data : undefined;
        }),
      });
      if (merged.ok) return;
      for (const issue of merged.issues)
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    },
    { when: () => true },
  )
  .describe(
    "Alert rules: thresholds on any numeric field of any channel, with for, hysteresis and cooldown.",
  );

/** `alerts` as a config file may write it. */
export type AlertsConfigInput = z.input<typeof alertsConfigSchema>;
/** Validated `alerts`, defaults filled in; what `resolveRules` takes. */
export type AlertsConfig = z.output<typeof alertsConfigSchema>;

export { CPU_SENSOR_CHIPS, DEFAULT_RULES, DISK_SENSOR_CHIPS } from "./defaults.js";
export {
  formatIssuePath,
  type MergeIssue,
  type MergeResult,
  mergeRules,
  type RulesConfig,
} from "./merge-rules.js";
export {
  checkRule,
  RULE_OPS,
  type Rule,
  type RuleEntry,
  type RuleOp,
  ruleEntrySchema,
  ruleSchema,
} from "./rule.js";
