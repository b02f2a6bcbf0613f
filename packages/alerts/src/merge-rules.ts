/**
 * From configuration to the list of rules that run: the defaults (when `defaults` is true), each
 * entry of `rules` either replacing fields of the default with its name or adding a new rule, and
 * `enabled: false` removing one. Every resulting rule is checked whole; a problem is reported at
 * the path of the entry that caused it (`rules[2].clear.warning`) or, for an untouched default,
 * at `defaults`.
 *
 * Imports only zod and @wirewatch/protocol (part of `./rules-config`).
 */
import { DEFAULT_RULES } from "./defaults.js";
import { type Rule, type RuleEntry, ruleSchema } from "./rule.js";

export interface RulesConfig {
  /** Include {@link DEFAULT_RULES}. */
  defaults?: boolean;
  /** Entries; an `undefined` one (already reported as malformed) is skipped, keeping the indexes. */
  rules?: readonly (RuleEntry | undefined)[];
}

export interface MergeIssue {
  /** Path below the alerts section: `rules[2].clear.warning`, as segments. */
  path: (string | number)[];
  message: string;
}

export type MergeResult = { ok: true; rules: Rule[] } | { ok: false; issues: MergeIssue[] };

/** Merges defaults and entries and validates each resulting rule. Never throws. */
export function mergeRules(config: RulesConfig): MergeResult {
  const issues: MergeIssue[] = [];
  const defaults = (config.defaults ?? true) ? DEFAULT_RULES : [];
  const byName = new Map<
    string,
    { rule: Record<string, unknown>; entry: number | null; overrides: boolean; set: Set<string> }
  >();
  for (const rule of defaults)
    byName.set(rule.name, { rule: { ...rule }, entry: null, overrides: false, set: new Set() });
  const firstEntry = new Map<string, number>();
  (config.rules ?? []).forEach((entry, index) => {
    if (entry === undefined) return;
    const earlier = firstEntry.get(entry.name);
    if (earlier !== undefined) {
      issues.push({ path: ["rules", index, "name"], message: `duplicate name (also rules[${earlier}])` });
      return;
    }
    firstEntry.set(entry.name, index);
    const base = byName.get(entry.name)?.rule;
    const own = stripUndefined(entry);
    const merged = base ? overrideRule(base, own) : own;
    byName.set(entry.name, {
      rule: merged,
      entry: index,
      overrides: base !== undefined,
      set: new Set(Object.keys(own)),
    });
  });
  const rules: Rule[] = [];
  for (const [name, { rule, entry, overrides, set }] of byName) {
    if (rule.enabled === false) continue;
    const parsed = ruleSchema.safeParse(rule);
    if (parsed.success) {
      rules.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      const missing = issue.code !== "custom" && issue.path.length === 1 && rule[field] === undefined;
      const inherited =
        overrides && field !== "" && !set.has(field) ? ` (${field} is the default rule's)` : "";
      const message = (missing ? "is required" : issue.message) + inherited;
      issues.push({
        path: entry === null ? ["defaults"] : ["rules", entry, ...issue.path.map(toSegment)],
        message: entry === null ? `default rule '${name}': ${message}` : message,
      });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rules };
}

/**
 * Applies an entry's fields over a default rule. Fields replace whole (a `clear` or `match` given
 * replaces the default's), except that moving a threshold without giving `clear` moves the
 * default's clear threshold of that severity by the same amount, keeping its hysteresis margin.
 */
function overrideRule(
  base: Record<string, unknown>,
  entry: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base, ...entry };
  const baseClear = base.clear as Partial<Record<"warning" | "critical", number>> | undefined;
  if (entry.clear === undefined && baseClear) {
    const clear: Partial<Record<"warning" | "critical", number>> = {};
    for (const severity of ["warning", "critical"] as const) {
      const oldLimit = base[severity];
      const newLimit = merged[severity];
      const oldClear = baseClear[severity];
      if (oldClear === undefined || typeof newLimit !== "number") continue;
      clear[severity] = typeof oldLimit === "number" ? oldClear + (newLimit - oldLimit) : oldClear;
    }
    merged.clear = clear;
  }
  return merged;
}

function stripUndefined(entry: RuleEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
}

function toSegment(segment: PropertyKey): string | number {
  return typeof segment === "number" ? segment : String(segment);
}

/** `rules[2].clear.warning` */
export function formatIssuePath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, segment) =>
      typeof segment === "number" ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    "",
  );
}
