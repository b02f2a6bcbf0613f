/** `~` expansion and path resolution for paths that come from configuration. */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** Replaces a leading `~` or `~/` with `home` (the user's home directory by default). */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}

/** Expands `~`, then resolves a relative path against `cwd`. */
export function resolvePath(path: string, cwd: string): string {
  const expanded = expandHome(path);
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}
