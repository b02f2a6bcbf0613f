/**
 * Translates zod issues into config problems: a per-parse error map that words messages for
 * people (schema-level messages still win), and the `expected` text for each kind of issue.
 * Neither ever includes the input value; the loader adds it, masked, as `value`.
 */
import type { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

/** Error map for `safeParse(input, { error: issueMessage })`. */
export function issueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "is required"
        : `expected ${typeName(issue.expected)}, got ${kindOf(issue.input)}`;
    case "too_small":
    case "too_big":
      return `must be ${bound(issue)}`;
    case "invalid_value":
      return `must be ${choices(issue.values)}`;
    case "invalid_format":
      return `must be ${formatName(issue)}`;
    case "invalid_union":
      return `must be ${unionExpected(issue.errors)}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

/** What would have been accepted, for the `expected` field of a problem. */
export function issueExpected(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return typeName(issue.expected);
    case "too_small":
    case "too_big":
      return bound(issue);
    case "invalid_value":
      return choices(issue.values);
    case "invalid_format":
      return formatName(issue);
    case "invalid_union":
      return unionExpected(issue.errors);
    default:
      return undefined;
  }
}

function typeName(expected: string): string {
  if (expected === "int") return "integer";
  if (expected === "object") return "mapping";
  if (expected === "array") return "list";
  return expected;
}

function kindOf(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "list";
  if (typeof input === "object") return "mapping";
  if (typeof input === "number" && !Number.isInteger(input)) return "non-integer number";
  return typeof input;
}

interface BoundIssue {
  code: "too_small" | "too_big";
  origin: string;
  inclusive?: boolean;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

function bound(issue: BoundIssue): string {
  const small = issue.code === "too_small";
  const limit = String(small ? issue.minimum : issue.maximum);
  if (issue.origin === "string") return `${small ? "at least" : "at most"} ${limit} characters`;
  if (issue.origin === "array") return `${small ? "at least" : "at most"} ${limit} items`;
  if (issue.inclusive === false) return `${small ? ">" : "<"} ${limit}`;
  return `${small ? ">=" : "<="} ${limit}`;
}

function choices(values: readonly unknown[]): string {
  const list = values.map((value) => JSON.stringify(value));
  return list.length === 1 ? (list[0] ?? "") : `one of ${list.join(", ")}`;
}

function formatName(issue: { format: string; prefix?: string; pattern?: string | RegExp }): string {
  if (issue.format === "starts_with") return `a string starting with ${JSON.stringify(issue.prefix)}`;
  if (issue.format === "regex") return `a string matching ${String(issue.pattern)}`;
  if (issue.format === "url") return "a URL";
  return `a valid ${issue.format}`;
}

/** Joins what each alternative of a union expected at the union's own path. */
function unionExpected(branches: readonly (readonly Issue[])[]): string {
  const wanted = new Set<string>();
  for (const branch of branches) {
    for (const issue of branch) {
      if (issue.path.length > 0) continue;
      if (issue.code === "invalid_value") for (const value of issue.values) wanted.add(JSON.stringify(value));
      else if (issue.code === "invalid_type") wanted.add(typeName(issue.expected));
    }
  }
  return wanted.size > 0 ? [...wanted].join(" or ") : "one of the allowed forms";
}
