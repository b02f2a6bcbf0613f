/**
 * Pure extraction of what one rule sees in one payload: zero or more `(key, value, labels)`
 * observations. Items whose value is missing or not numeric (after `map`), whose key is missing,
 * or that fail the rule's `match` are left out; so is a second item with the same key.
 */
import type { CompiledRule } from "./compile-rule.js";
import { readPath } from "./field-path.js";
import { anyGlobMatch } from "./glob.js";

export interface SampleObservation {
  /** Identifies the item (`/mnt/disk1`, `coretemp-isa-0000/temp1`); null for single-value rules. */
  key: string | null;
  value: number;
  /** Sample fields the rule's templates refer to, as text; `raw` holds a mapped string value. */
  labels: Record<string, string>;
}

const scalarText = (value: unknown): string | undefined =>
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value))
    ? String(value)
    : undefined;

function numericValue(rule: CompiledRule, raw: unknown): number | undefined {
  if (rule.map !== null) {
    const text = scalarText(raw);
    if (text !== undefined && Object.hasOwn(rule.map, text)) return rule.map[text];
  }
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "boolean") return raw ? 1 : 0;
  return undefined;
}

export function extractObservations(rule: CompiledRule, data: unknown): SampleObservation[] {
  let items: unknown[];
  if (rule.field.array === null) items = [data];
  else {
    const list = readPath(data, rule.field.array);
    items = Array.isArray(list) ? list : [];
  }
  const out: SampleObservation[] = [];
  const seen = new Set<string | null>();
  for (const item of items) {
    const raw = readPath(item, rule.field.value);
    const value = numericValue(rule, raw);
    if (value === undefined) continue;
    const matches = rule.match.every(({ path, globs }) => {
      const text = scalarText(readPath(item, path));
      return text !== undefined && anyGlobMatch(globs, text);
    });
    if (!matches) continue;
    let key: string | null = null;
    if (rule.key.length > 0) {
      const parts = rule.key.map((path) => scalarText(readPath(item, path)));
      if (parts.some((part) => part === undefined)) continue;
      key = parts.join("/");
    }
    if (seen.has(key)) continue;
    seen.add(key);
    const labels: Record<string, string> = {};
    for (const [name, path] of rule.labelPaths) {
      const text = scalarText(readPath(item, path));
      if (text !== undefined) labels[name] = text;
    }
    const rawText = scalarText(raw);
    if (rawText !== undefined) labels.raw = rawText;
    out.push({ key, value, labels });
  }
  return out;
}
