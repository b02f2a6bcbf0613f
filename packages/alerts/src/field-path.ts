/**
 * Field paths of rules: where in a channel's payload the number lives.
 *
 * Syntax: dotted names, each optionally followed by `[N]` (an array index) or `[]` (every item
 * of an array; at most one per path). `cpu_percent`, `swap.percent`, `load_average[0]`,
 * `disks[].used_percent`, `temperatures[].celsius`. A key path names what identifies an item:
 * relative to the item (`mountpoint`) or written in full (`disks[].mountpoint`).
 *
 * Contract: parsing never throws (it returns a reason); reading a path never throws (it returns
 * undefined for anything missing or of the wrong shape).
 */
export type Segment = string | number;

export interface FieldPath {
  /** The text as written. */
  text: string;
  /** Path to the iterated array (`["disks"]`), or null when the field is a single value. */
  array: Segment[] | null;
  /** The array's text prefix (`disks`), to accept keys written in full. */
  arrayText: string | null;
  /** Path to the value: from the payload, or from each item when `array` is set. */
  value: Segment[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PART = /^([^[\]]+)((?:\[\d*\])*)$/;

export type PathParse<T> = { ok: true; path: T } | { ok: false; reason: string };

function parseSegments(text: string): PathParse<{ segments: Segment[]; iterateAt: number[] }> {
  if (text.length === 0) return { ok: false, reason: "must not be empty" };
  if (text.length > 256) return { ok: false, reason: "is longer than 256 characters" };
  const segments: Segment[] = [];
  const iterateAt: number[] = [];
  for (const part of text.split(".")) {
    const match = PART.exec(part);
    const name = match?.[1];
    if (!match || name === undefined || !NAME.test(name)) {
      return {
        ok: false,
        reason: `'${part}' is not a field name (letters, digits, _ or -, optionally followed by [] or [N])`,
      };
    }
    segments.push(name);
    for (const index of (match[2] ?? "").match(/\[\d*\]/g) ?? []) {
      if (index === "[]") iterateAt.push(segments.length);
      else segments.push(Number(index.slice(1, -1)));
    }
  }
  return { ok: true, path: { segments, iterateAt } };
}

/** Parses a rule's `field`. */
export function parseFieldPath(text: string): PathParse<FieldPath> {
  const parsed = parseSegments(text);
  if (!parsed.ok) return parsed;
  const { segments, iterateAt } = parsed.path;
  if (iterateAt.length > 1) return { ok: false, reason: "may iterate one array only (one [])" };
  const at = iterateAt[0];
  if (at === undefined) return { ok: true, path: { text, array: null, arrayText: null, value: segments } };
  const value = segments.slice(at);
  if (value.length === 0) return { ok: false, reason: "must name a field of the items after []" };
  const arrayText = text.slice(0, text.indexOf("[]"));
  return { ok: true, path: { text, array: segments.slice(0, at), arrayText, value } };
}

/** Parses a rule's `key` (or a `match` label) against its field: relative to the item, or in full. */
export function parseKeyPath(text: string, field: FieldPath): PathParse<Segment[]> {
  let relative = text;
  if (field.arrayText !== null && text.startsWith(`${field.arrayText}[].`)) {
    relative = text.slice(field.arrayText.length + 3);
  }
  const parsed = parseSegments(relative);
  if (!parsed.ok) return parsed;
  if (parsed.path.iterateAt.length > 0) {
    return {
      ok: false,
      reason:
        field.array === null
          ? "must not iterate an array ([])"
          : `must be a field of the items of ${field.arrayText}[] (e.g. 'mountpoint' or '${field.arrayText}[].mountpoint')`,
    };
  }
  return { ok: true, path: parsed.path.segments };
}

/** Reads `path` below `value`; undefined when any step is missing or not a container. */
export function readPath(value: unknown, path: readonly Segment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof segment === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
