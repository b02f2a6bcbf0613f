/**
 * Maps environment variables onto option paths.
 *
 * Rule: `WIREWATCH_<PATH>` where PATH is the option path with `__` between levels and each
 * camelCase key written in SCREAMING_SNAKE_CASE (`gateway.pingIntervalMs` →
 * `WIREWATCH_GATEWAY__PING_INTERVAL_MS`); an array index is a number (`AUTH__TOKENS__0__TOKEN`).
 * `WIREWATCH_<PATH>_FILE=/path` reads the value from that file instead (trimmed), for any option.
 * An exact option name wins over the `_FILE` reading. Shortcuts: `WIREWATCH_PORT`,
 * `WIREWATCH_REDIS_URL`, `WIREWATCH_AUTH` (=none|token); a full name set as well wins over its
 * shortcut. Empty variables count as unset; `WIREWATCH_CONFIG` names the file and is no option.
 */
import { readFileSync } from "node:fs";
import { coerceText } from "./coerce.js";
import { resolvePath } from "./home.js";
import { formatPath, type PathSegment } from "./paths.js";
import type { ConfigProblem, ConfigWarning } from "./problems.js";
import { redact } from "./redact.js";
import { configSchema } from "./schema/index.js";
import { type AnySchema, elementOf, optionPaths, shapeOf } from "./schema-walk.js";
import { withHint } from "./suggest.js";

export const ENV_PREFIX = "WIREWATCH_";
export const CONFIG_PATH_VAR = "WIREWATCH_CONFIG";
export const FILE_SUFFIX = "_FILE";

/** Short names for the options set most often. */
export const ENV_SHORTCUTS: Readonly<Record<string, readonly string[]>> = {
  WIREWATCH_PORT: ["gateway", "port"],
  WIREWATCH_REDIS_URL: ["bus", "redis", "url"],
  WIREWATCH_AUTH: ["auth", "mode"],
};

/** A value to set at a path, and where it came from. */
export interface Override {
  path: PathSegment[];
  value: unknown;
  source: string;
}

/** Overrides read from one layer, with what went wrong reading them. */
export interface OverrideSet {
  overrides: Override[];
  problems: ConfigProblem[];
  warnings: ConfigWarning[];
}

interface Candidate {
  name: string;
  raw: string;
  path: PathSegment[];
  schema: AnySchema;
  fromFile: boolean;
  shortcut: boolean;
}

/** The environment variable of an option path, e.g. `WIREWATCH_GATEWAY__PORT`. */
export function envVarName(path: readonly PropertyKey[]): string {
  return ENV_PREFIX + path.map((segment) => envSegment(String(segment))).join("__");
}

function envSegment(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** Reads every `WIREWATCH_*` variable of `env`; paths relative to `cwd` for `_FILE` variables. */
export function readEnv(env: Readonly<Record<string, string | undefined>>, cwd: string): OverrideSet {
  const result: OverrideSet = { overrides: [], problems: [], warnings: [] };
  const byPath = new Map<string, Candidate[]>();
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || name === CONFIG_PATH_VAR || raw === undefined || raw === "") continue;
    const candidate = resolveName(name, raw);
    if (!candidate) {
      const known = [
        ...optionPaths(configSchema).map(envVarName),
        ...Object.keys(ENV_SHORTCUTS),
        CONFIG_PATH_VAR,
      ];
      result.warnings.push({
        path: name,
        message: withHint("unknown setting, ignored", name, known),
        source: "env",
      });
      continue;
    }
    const key = formatPath(candidate.path);
    byPath.set(key, [...(byPath.get(key) ?? []), candidate]);
  }
  for (const group of byPath.values()) {
    const chosen = pickCandidate(group, result);
    if (chosen) readCandidate(chosen, cwd, result);
  }
  result.overrides.sort((a, b) => a.path.length - b.path.length);
  return result;
}

function resolveName(name: string, raw: string): Candidate | undefined {
  const base = { name, raw };
  const shortcut = ENV_SHORTCUTS[name];
  if (shortcut) return { ...base, ...target(shortcut), fromFile: false, shortcut: true };
  const fileShortcut = name.endsWith(FILE_SUFFIX)
    ? ENV_SHORTCUTS[name.slice(0, -FILE_SUFFIX.length)]
    : undefined;
  if (fileShortcut) return { ...base, ...target(fileShortcut), fromFile: true, shortcut: true };
  const rest = name.slice(ENV_PREFIX.length);
  const exact = resolveSegments(rest.split("__"));
  if (exact) return { ...base, ...exact, fromFile: false, shortcut: false };
  if (!rest.endsWith(FILE_SUFFIX)) return undefined;
  const viaFile = resolveSegments(rest.slice(0, -FILE_SUFFIX.length).split("__"));
  return viaFile && { ...base, ...viaFile, fromFile: true, shortcut: false };
}

function target(path: readonly string[]): { path: PathSegment[]; schema: AnySchema } {
  const resolved = resolveSegments(path.map(envSegment));
  if (!resolved) throw new Error(`env shortcut points nowhere: ${path.join(".")}`);
  return resolved;
}

function resolveSegments(
  segments: readonly string[],
): { path: PathSegment[]; schema: AnySchema } | undefined {
  let schema: AnySchema = configSchema;
  const path: PathSegment[] = [];
  for (const segment of segments) {
    const shape = shapeOf(schema);
    const element = elementOf(schema);
    const key = shape ? Object.keys(shape).find((candidate) => envSegment(candidate) === segment) : undefined;
    if (shape && key !== undefined && shape[key]) {
      path.push(key);
      schema = shape[key];
    } else if (element && /^\d+$/.test(segment)) {
      path.push(Number(segment));
      schema = element;
    } else return undefined;
  }
  return path.length > 0 ? { path, schema } : undefined;
}

/** Of several variables for one option: a full name beats a shortcut; two full names conflict. */
function pickCandidate(group: Candidate[], result: OverrideSet): Candidate | undefined {
  const full = group.filter((candidate) => !candidate.shortcut);
  const chosen = full.length > 0 ? full : group;
  if (full.length > 0) {
    for (const loser of group.filter((candidate) => candidate.shortcut)) {
      const message = `ignored: ${full.map((candidate) => candidate.name).join(" and ")} is also set`;
      result.warnings.push({ path: loser.name, message, source: "env" });
    }
  }
  if (chosen.length === 1) return chosen[0];
  const names = chosen.map((candidate) => candidate.name).join(" and ");
  const first = chosen[0] as Candidate;
  result.problems.push({
    path: formatPath(first.path),
    message: `set only one of ${names}`,
    source: `env ${names}`,
  });
  return undefined;
}

function readCandidate(candidate: Candidate, cwd: string, result: OverrideSet): void {
  const path = formatPath(candidate.path);
  let text = candidate.raw;
  let source = `env ${candidate.name}`;
  if (candidate.fromFile) {
    const file = resolvePath(candidate.raw.trim(), cwd);
    source = `env ${candidate.name} (${file})`;
    try {
      text = readFileSync(file, "utf8").trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "no such file" : (code ?? "unreadable");
      result.problems.push({ path, message: `cannot read ${candidate.name} file: ${reason}`, source });
      return;
    }
  }
  const coerced = coerceText(text, candidate.schema);
  if (coerced.ok) {
    result.overrides.push({ path: candidate.path, value: coerced.value, source });
    return;
  }
  result.problems.push({
    path,
    message: `must be ${coerced.expected}`,
    value: redact(text, candidate.schema),
    expected: coerced.expected,
    source,
  });
}
