/**
 * Option paths: formatting (`auth.tokens[0].token`), parsing of the dotted form used by flags
 * (`auth.tokens.0.token` or `auth.tokens[0].token`), and reading and writing plain-data trees
 * by path.
 */

export type PathSegment = string | number;

/** Formats a path for people: keys joined by dots, array indexes in brackets. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** Splits a dotted path into segments; `[n]` and purely numeric segments become numbers. */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of text.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (part === "") continue;
    segments.push(/^\d+$/.test(part) ? Number(part) : part);
  }
  return segments;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The value at `path` in `tree`, or undefined. */
export function getPath(tree: unknown, path: readonly PropertyKey[]): unknown {
  let current = tree;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === "number") current = current[segment];
    else if (isPlainObject(current) && typeof segment === "string" && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else return undefined;
  }
  return current;
}

/**
 * Sets `value` at `path` in `tree`, creating objects (or arrays, for numeric segments) on the
 * way and replacing anything in the way that is not a container.
 */
export function setPath(tree: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let current: Record<string, unknown> | unknown[] = tree;
  path.forEach((segment, index) => {
    const container = current as Record<PropertyKey, unknown>;
    if (index === path.length - 1) {
      container[segment] = value;
      return;
    }
    const next = path[index + 1];
    const existing = container[segment];
    const fits = typeof next === "number" ? Array.isArray(existing) : isPlainObject(existing);
    if (!fits) container[segment] = typeof next === "number" ? [] : {};
    current = container[segment] as Record<string, unknown> | unknown[];
  });
}

/** Deletes the key at `path` if it exists. */
export function deletePath(tree: unknown, path: readonly PropertyKey[]): void {
  const parent = getPath(tree, path.slice(0, -1));
  const key = path[path.length - 1];
  if (isPlainObject(parent) && typeof key === "string") delete parent[key];
}

/** Merges `over` onto `base`: plain objects merge key by key; anything else replaces. */
export function mergeDeep(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const merged = Object.hasOwn(base, key) ? mergeDeep(base[key], value) : structuredClone(value);
    // defineProperty: a key named "__proto__" stays a plain (unknown, warned-about) key.
    Object.defineProperty(result, key, {
      value: merged,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
