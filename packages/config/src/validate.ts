/**
 * Validates a merged config tree against the schema. Sections are strict objects, so zod reports
 * keys it does not know; those become warnings, the keys are dropped and the tree is checked
 * again — the rest of the config still loads. Every other issue becomes a problem with its path,
 * its (masked) value, what was expected and where the value came from.
 */
import { issueExpected, issueMessage } from "./issues.js";
import { deletePath, formatPath, getPath } from "./paths.js";
import type { ConfigProblem, ConfigWarning } from "./problems.js";
import { redact } from "./redact.js";
import { configSchema, type WirewatchConfig } from "./schema/index.js";
import { schemaAt, shapeOf } from "./schema-walk.js";
import { withHint } from "./suggest.js";

/** Names the origin of the value at a path (`env X`, `flag a.b`, `file.yaml:3`). */
export type SourceOf = (path: readonly PropertyKey[]) => string | undefined;

export type Validation =
  | { ok: true; config: WirewatchConfig; warnings: ConfigWarning[] }
  | { ok: false; problems: ConfigProblem[]; warnings: ConfigWarning[] };

/** Unknown keys at every depth are reported in one pass, so two rounds normally suffice. */
const MAX_ROUNDS = 8;

export function validate(input: unknown, sourceOf: SourceOf): Validation {
  const tree = structuredClone(input);
  const warnings: ConfigWarning[] = [];
  let result = configSchema.safeParse(tree, { error: issueMessage });
  for (let round = 1; !result.success && round < MAX_ROUNDS; round++) {
    const unknown = result.error.issues.filter((issue) => issue.code === "unrecognized_keys");
    if (unknown.length === 0) break;
    for (const issue of unknown) warnings.push(...dropUnknownKeys(tree, issue.path, issue.keys, sourceOf));
    result = configSchema.safeParse(tree, { error: issueMessage });
  }
  if (result.success) return { ok: true, config: result.data, warnings };
  const problems = result.error.issues
    .filter((issue) => issue.code !== "unrecognized_keys")
    .map((issue): ConfigProblem => {
      const problem: ConfigProblem = { path: formatPath(issue.path), message: issue.message };
      const value = redact(getPath(tree, issue.path), schemaAt(configSchema, issue.path));
      if (value !== undefined) problem.value = value;
      const expected = issueExpected(issue);
      if (expected !== undefined) problem.expected = expected;
      const source = sourceOf(issue.path);
      if (source !== undefined) problem.source = source;
      return problem;
    });
  return { ok: false, problems, warnings };
}

/** Deletes `keys` of the object at `parent` and returns a warning for each. */
function dropUnknownKeys(
  tree: unknown,
  parent: readonly PropertyKey[],
  keys: readonly string[],
  sourceOf: SourceOf,
): ConfigWarning[] {
  const siblings = Object.keys(shapeOf(schemaAt(configSchema, parent) ?? configSchema) ?? {});
  return keys.map((key) => {
    const path = [...parent, key];
    const warning: ConfigWarning = {
      path: formatPath(path),
      message: withHint("unknown key, ignored", key, siblings),
    };
    const source = sourceOf(path);
    if (source !== undefined) warning.source = source;
    deletePath(tree, path);
    return warning;
  });
}
