/**
 * Turns the text of an environment variable (or a string flag) into the type the schema expects
 * at that option: numbers, booleans (true/false/1/0), lists (comma-separated or a JSON array),
 * objects (JSON). The result is not validated here — the schema does that — but text that cannot
 * be read as the expected type at all is reported with what was expected.
 */
import { z } from "zod";
import { type AnySchema, choicesOf, elementOf, inspect, unionOptions } from "./schema-walk.js";

export type Coerced = { ok: true; value: unknown } | { ok: false; expected: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const BOOLEANS: Record<string, boolean> = { true: true, false: false, "1": true, "0": false };

/** Reads `text` as the type `schema` expects. */
export function coerceText(text: string, schema: AnySchema): Coerced {
  const { kind } = inspect(schema);
  const trimmed = text.trim();
  switch (kind) {
    case "number":
      return NUMBER.test(trimmed) ? { ok: true, value: Number(trimmed) } : fail(schema);
    case "boolean": {
      const value = BOOLEANS[trimmed.toLowerCase()];
      return value === undefined ? fail(schema) : { ok: true, value };
    }
    case "enum":
      return { ok: true, value: trimmed };
    case "literal":
      return coerceLiteral(trimmed, schema);
    case "union":
      return coerceUnion(text, schema);
    case "array":
      return coerceArray(trimmed, schema);
    case "object":
      return trimmed.startsWith("{") ? parseJson(trimmed, schema, "object") : fail(schema);
    default:
      return { ok: true, value: text };
  }
}

/** Says in words what text `schema` accepts, for problems. */
export function describeExpected(schema: AnySchema): string {
  const { kind, base } = inspect(schema);
  switch (kind) {
    case "number":
      return (base as { isInt?: boolean }).isInt ? "an integer" : "a number";
    case "boolean":
      return "a boolean (true, false, 1 or 0)";
    case "enum":
    case "literal": {
      const choices = (choicesOf(schema) ?? []).map((choice) => JSON.stringify(choice));
      return choices.length === 1 ? (choices[0] ?? "") : `one of ${choices.join(", ")}`;
    }
    case "union":
      return (unionOptions(schema) ?? []).map(describeExpected).join(" or ");
    case "array": {
      const element = elementOf(schema);
      return element && inspect(element).kind === "object"
        ? "a JSON array of objects"
        : "a comma-separated list or a JSON array";
    }
    case "object":
      return "a JSON object";
    default:
      return "a string";
  }
}

function fail(schema: AnySchema): Coerced {
  return { ok: false, expected: describeExpected(schema) };
}

function coerceLiteral(trimmed: string, schema: AnySchema): Coerced {
  for (const choice of choicesOf(schema) ?? []) {
    if (String(choice) === trimmed) return { ok: true, value: choice };
    if (typeof choice === "boolean" && BOOLEANS[trimmed.toLowerCase()] === choice)
      return { ok: true, value: choice };
  }
  return fail(schema);
}

function coerceUnion(text: string, schema: AnySchema): Coerced {
  for (const option of unionOptions(schema) ?? []) {
    const coerced = coerceText(text, option);
    if (coerced.ok && z.safeParse(option, coerced.value).success) return coerced;
  }
  return fail(schema);
}

function coerceArray(trimmed: string, schema: AnySchema): Coerced {
  if (trimmed.startsWith("[")) return parseJson(trimmed, schema, "array");
  const element = elementOf(schema);
  if (!element) return fail(schema);
  const items = trimmed
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const values: unknown[] = [];
  for (const item of items) {
    const coerced = coerceText(item, element);
    if (!coerced.ok) return fail(schema);
    values.push(coerced.value);
  }
  return { ok: true, value: values };
}

function parseJson(trimmed: string, schema: AnySchema, shape: "array" | "object"): Coerced {
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    // The parser's message quotes the input, which may be a secret: report only what was expected.
    return fail(schema);
  }
  const fits = shape === "array" ? Array.isArray(value) : typeof value === "object" && !Array.isArray(value);
  return fits && value !== null ? { ok: true, value } : fail(schema);
}
