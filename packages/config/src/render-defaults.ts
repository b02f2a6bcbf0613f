/**
 * `wirewatch config defaults`: the complete default configuration as YAML, every option preceded
 * by its description (from the schema) and its environment variable. Options without a default
 * and options whose default is computed at load time (the host name) are shown commented out,
 * and so is the example of a list that is empty by default (the built-in alert rules), so the
 * output re-parses to exactly the defaults on any machine.
 */
import { stringify } from "yaml";
import { defaultConfig } from "./defaults.js";
import { envVarName } from "./env.js";
import { getPath, isPlainObject } from "./paths.js";
import { configSchema } from "./schema/index.js";
import { type AnySchema, containsSecret, inspect, shapeOf } from "./schema-walk.js";

const WRAP_AT = 96;

const HEADER = [
  "wirewatch configuration: every option with its default.",
  "Precedence: defaults < this file (WIREWATCH_CONFIG) < environment < command-line flags.",
  "Every option is also an environment variable WIREWATCH_<PATH>: levels joined by __, camelCase keys",
  "in SCREAMING_SNAKE_CASE (gateway.pingIntervalMs = WIREWATCH_GATEWAY__PING_INTERVAL_MS).",
  "WIREWATCH_<PATH>_FILE=/path reads the value from a file (for secrets).",
];

/** The default configuration as commented YAML. */
export function renderDefaultsYaml(): string {
  // The host name is rendered commented out, so the placeholder never reaches the output.
  const defaults = defaultConfig({ hostname: () => "localhost" });
  const lines = HEADER.map((line) => `# ${line}`);
  renderObject(configSchema, defaults, [], lines);
  return `${lines.join("\n")}\n`;
}

function renderObject(schema: AnySchema, defaults: unknown, path: string[], lines: string[]): void {
  const indent = "  ".repeat(path.length);
  for (const [key, child] of Object.entries(shapeOf(schema) ?? {})) {
    const childPath = [...path, key];
    const info = inspect(child);
    if (path.length === 0) lines.push("");
    if (info.kind === "object") {
      comment(lines, indent, info.description);
      lines.push(`${indent}${key}:`);
      renderObject(child, getPath(defaults, [key]), childPath, lines);
      continue;
    }
    const notes = [
      info.description,
      `Env: ${envVarName(childPath)}${containsSecret(child) ? "[_FILE]" : ""}.`,
    ];
    comment(lines, indent, notes.filter(Boolean).join(" "));
    const value = getPath(defaults, [key]);
    if (info.meta.runtimeDefault) lines.push(`${indent}# ${key}: <${info.meta.runtimeDefault}>`);
    else if (value === undefined) lines.push(`${indent}# ${key}:${example(child)}`);
    else {
      lines.push(`${indent}${key}: ${scalar(value)}`);
      if (Array.isArray(value) && value.length === 0) listExample(lines, indent, key, child);
    }
  }
}

/**
 * A list that is empty by default but has an example (`alerts.rules`: the built-in rules) shows
 * the example below it, commented out in block style, ready to be uncommented and edited.
 */
function listExample(lines: string[], indent: string, key: string, schema: AnySchema): void {
  const first = inspect(schema).examples?.[0];
  if (!Array.isArray(first) || first.length === 0) return;
  lines.push(`${indent}# ${key}:`);
  for (const line of stringify(first, { lineWidth: 0 }).trimEnd().split("\n")) {
    lines.push(`${indent}#   ${line}`);
  }
}

function comment(lines: string[], indent: string, text: string | undefined): void {
  if (!text) return;
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + 2 + line.length + 1 + word.length > WRAP_AT) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}# ${line}`);
}

function example(schema: AnySchema): string {
  const first = inspect(schema).examples?.[0];
  return first === undefined ? "" : ` ${scalar(first)}`;
}

/** One value on one line: a YAML scalar, or a flow collection for lists and mappings. */
function scalar(value: unknown): string {
  const flow = Array.isArray(value) || isPlainObject(value);
  return stringify(value, { collectionStyle: flow ? "flow" : "any", lineWidth: 0 }).trimEnd();
}
