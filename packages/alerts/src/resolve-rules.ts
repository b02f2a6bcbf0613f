import { type CompiledRule, compileRule } from "./compile-rule.js";
import { AlertsError } from "./errors.js";
import { formatIssuePath, mergeRules, type RulesConfig } from "./merge-rules.js";

/**
 * The rules an engine runs for a configuration (`config.alerts`): defaults merged with the
 * entries, disabled ones dropped, each compiled. Throws `WW_ALERTS_RULE_INVALID` with every
 * issue's path (`rules[2].clear.warning`) — the config loader reports the same issues earlier.
 */
export function resolveRules(config: RulesConfig): CompiledRule[] {
  const merged = mergeRules(config);
  if (!merged.ok) {
    const issues = merged.issues.map((issue) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
    }));
    throw new AlertsError(
      "WW_ALERTS_RULE_INVALID",
      `invalid alert rules: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues },
    );
  }
  return merged.rules.map(compileRule);
}
