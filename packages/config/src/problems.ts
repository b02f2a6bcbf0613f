/**
 * What the loader reports: problems (the config is unusable) and warnings (something was
 * ignored), the `ConfigError` thrown for problems, and their one-line-per-item rendering for the
 * CLI. Values in problems are already masked where they are (or contain) secrets.
 */

/** One reason the configuration cannot be used. */
export interface ConfigProblem {
  /** Option path, e.g. `gateway.port` or `auth.tokens[0].token`; "" for the file as a whole. */
  path: string;
  /** What is wrong, in words; never contains a secret. */
  message: string;
  /** The offending value, secrets masked as "***"; absent when the value is missing. */
  value?: unknown;
  /** What would have been accepted, e.g. "<= 65535", "number", "one of token, none". */
  expected?: string;
  /** Where the value came from: `env WIREWATCH_X`, `flag a.b`, `/etc/wirewatch.yaml:12`. */
  source?: string;
}

/** Something the loader ignored (an unknown key or variable, an overridden shortcut). */
export interface ConfigWarning {
  /** Option path of the ignored key, or the name of the ignored environment variable. */
  path: string;
  message: string;
  source?: string;
}

export const CONFIG_INVALID = "WW_CONFIG_INVALID";

/** Thrown by `loadConfig` when the configuration has problems; lists all of them. */
export class ConfigError extends Error {
  readonly code = CONFIG_INVALID;
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigWarning[];

  constructor(problems: ConfigProblem[], warnings: ConfigWarning[] = []) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${formatProblems(problems)}`);
    this.name = "ConfigError";
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** True for a `ConfigError` (also across package copies, by code). */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof Error && (error as { code?: unknown }).code === CONFIG_INVALID;
}

/** One line per problem: `path: message, got value (source)`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((problem) => `  ${describe(problem)}`).join("\n");
}

/** One line per warning: `path: message (source)`. */
export function formatWarnings(warnings: readonly ConfigWarning[]): string {
  return warnings.map((warning) => `  ${describe(warning)}`).join("\n");
}

function describe(item: ConfigProblem | ConfigWarning): string {
  const where = item.path || item.source || "config";
  let line = `${where}: ${item.message}`;
  if ("value" in item && item.value !== undefined) line += `, got ${showValue(item.value)}`;
  if (item.path && item.source) line += ` (${item.source})`;
  return line;
}

/** A short, single-line rendering of a value. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
