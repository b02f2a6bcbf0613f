/**
 * Shell-style globs for rule `match` values and silences: `*` is any run of characters, `?` one
 * character, everything else literal (no character classes, no escapes). Whole-string match.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let known = cache.get(glob);
  if (!known) {
    const source = glob
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    known = new RegExp(`^${source}$`, "s");
    if (cache.size > 1000) cache.clear();
    cache.set(glob, known);
  }
  return known;
}

/** True when `text` matches `glob`. */
export function globMatch(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text);
}

/** True when `text` matches one of `globs`. */
export function anyGlobMatch(globs: readonly string[], text: string): boolean {
  return globs.some((glob) => globMatch(glob, text));
}

export function isGlob(text: string): boolean {
  return text.includes("*") || text.includes("?");
}
