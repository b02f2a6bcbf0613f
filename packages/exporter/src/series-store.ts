import type { FamilyBlock } from "./family-builder.js";
import { escapeLabelValue, type MetricType, renderHeader } from "./text-format.js";

interface Entry {
  host: string;
  text: string;
  atMs: number;
}

interface Family {
  type: MetricType;
  help: string;
  /** `host\0source` → that source's pre-rendered lines. */
  entries: Map<string, Entry>;
}

/**
 * The latest pre-rendered samples per metric family, host and source (a source is one stream
 * of one host: `system.stats`, `storage.status`, `ups:<name>`).
 *
 * Contract: `replace()` swaps everything a host's source contributed for the new blocks (a
 * family the source no longer reports disappears); `render()` writes each family's HELP/TYPE
 * once followed by every contributing host's lines — string concatenation only, no per-sample
 * work. Entries older than `staleAfterMs` are dropped when a render meets them. The first
 * block of a family fixes its type and help.
 */
export interface SeriesStore {
  replace(host: string, source: string, blocks: readonly FamilyBlock[], atMs: number): void;
  /** Removes every family a host's source contributed. */
  remove(host: string, source: string): void;
  /** The exposition text of every host, or only of `target` (then without its `instance` label). */
  render(nowMs: number, target?: string): string;
  hosts(): string[];
}

export function createSeriesStore(options: { staleAfterMs: number }): SeriesStore {
  const families = new Map<string, Family>();
  /** `host\0source` → the family names it contributed. */
  const contributed = new Map<string, Set<string>>();
  let sortedNames: string[] | null = null;

  const dropEntry = (name: string, key: string) => {
    const family = families.get(name);
    family?.entries.delete(key);
    if (family && family.entries.size === 0) {
      families.delete(name);
      sortedNames = null;
    }
  };

  const remove = (host: string, source: string) => {
    const key = `${host}\0${source}`;
    for (const name of contributed.get(key) ?? []) dropEntry(name, key);
    contributed.delete(key);
  };

  const stripInstance = (text: string, host: string): string => {
    const label = `instance="${escapeLabelValue(host)}"`;
    return text.replaceAll(`{${label},`, "{").replaceAll(`{${label}}`, "");
  };

  return {
    replace(host, source, blocks, atMs) {
      const key = `${host}\0${source}`;
      const before = contributed.get(key);
      const now = new Set<string>();
      for (const block of blocks) {
        let family = families.get(block.name);
        if (!family) {
          family = { type: block.type, help: block.help, entries: new Map() };
          families.set(block.name, family);
          sortedNames = null;
        }
        family.entries.set(key, { host, text: block.text, atMs });
        now.add(block.name);
      }
      contributed.set(key, now);
      for (const name of before ?? []) if (!now.has(name)) dropEntry(name, key);
    },
    remove,
    render(nowMs, target) {
      sortedNames ??= [...families.keys()].sort();
      const out: string[] = [];
      const stale: [string, string][] = [];
      for (const name of sortedNames) {
        const family = families.get(name);
        if (!family) continue;
        let header = false;
        for (const [key, entry] of family.entries) {
          if (nowMs - entry.atMs > options.staleAfterMs) {
            stale.push([entry.host, key.slice(entry.host.length + 1)]);
            continue;
          }
          if (target !== undefined && entry.host !== target) continue;
          if (!header) {
            out.push(renderHeader(name, family.type, family.help));
            header = true;
          }
          out.push(target === undefined ? entry.text : stripInstance(entry.text, entry.host));
        }
      }
      for (const [host, source] of stale) remove(host, source);
      return out.join("");
    },
    hosts() {
      const all = new Set<string>();
      for (const family of families.values())
        for (const entry of family.entries.values()) all.add(entry.host);
      return [...all].sort();
    },
  };
}
