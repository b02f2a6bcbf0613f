/**
 * Reads command-line overrides: an object of dotted option paths to values, e.g.
 * `{ "gateway.port": "1234", "auth.mode": "none" }` (`auth.tokens[0].token` or
 * `auth.tokens.0.token` for list items). String values are coerced like environment variables;
 * other values are taken as they are; `undefined` values are skipped (flags not given).
 */
import { coerceText } from "./coerce.js";
import type { OverrideSet } from "./env.js";
import { formatPath, type PathSegment, parsePath } from "./paths.js";
import { redact } from "./redact.js";
import { configSchema } from "./schema/index.js";
import { type AnySchema, childOf, elementOf, optionPaths } from "./schema-walk.js";
import { withHint } from "./suggest.js";

/** Flag overrides: option path (dotted) → value. */
export type ConfigFlags = Readonly<Record<string, unknown>>;

export function readFlags(flags: ConfigFlags): OverrideSet {
  const result: OverrideSet = { overrides: [], problems: [], warnings: [] };
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const source = `flag ${name}`;
    const resolved = resolve(parsePath(name));
    if (!resolved) {
      const known = optionPaths(configSchema).map((path) => path.join("."));
      result.warnings.push({ path: name, message: withHint("unknown option, ignored", name, known), source });
      continue;
    }
    if (typeof value !== "string") {
      result.overrides.push({ path: resolved.path, value, source });
      continue;
    }
    const coerced = coerceText(value, resolved.schema);
    if (coerced.ok) result.overrides.push({ path: resolved.path, value: coerced.value, source });
    else {
      result.problems.push({
        path: formatPath(resolved.path),
        message: `must be ${coerced.expected}`,
        value: redact(value, resolved.schema),
        expected: coerced.expected,
        source,
      });
    }
  }
  result.overrides.sort((a, b) => a.path.length - b.path.length);
  return result;
}

function resolve(segments: PathSegment[]): { path: PathSegment[]; schema: AnySchema } | undefined {
  let schema: AnySchema = configSchema;
  const path: PathSegment[] = [];
  for (const segment of segments) {
    const isIndex = typeof segment === "number" && elementOf(schema) !== undefined;
    const child = isIndex ? elementOf(schema) : childOf(schema, String(segment));
    if (!child) return undefined;
    path.push(isIndex ? segment : String(segment));
    schema = child;
  }
  return path.length > 0 ? { path, schema } : undefined;
}
