import {
  escapeLabelValue,
  formatValue,
  type Labels,
  type MetricType,
  renderLabelPairs,
} from "./text-format.js";

/** Pre-rendered samples of one metric family contributed by one host and source. */
export interface FamilyBlock {
  name: string;
  type: MetricType;
  help: string;
  /** Sample lines, each ending in `\n`, every one carrying `instance` as its first label. */
  text: string;
}

/** Collects samples per family while one event is translated; `blocks()` renders them. */
export interface FamilyBuilder {
  /** Adds a sample; non-finite or non-number values are skipped (the series is absent). */
  add(name: string, type: MetricType, help: string, labels: Labels, value: number | null | undefined): void;
  blocks(): FamilyBlock[];
}

/**
 * Starts the families of one event of `host`. Every sample gets `instance="<host>"` as its first
 * label, so one exporter can serve many hosts (scraped with `honor_labels: true`).
 */
export function createFamilyBuilder(host: string): FamilyBuilder {
  const families = new Map<string, { type: MetricType; help: string; lines: string[] }>();
  const instance = `{instance="${escapeLabelValue(host)}"`;
  return {
    add(name, type, help, labels, value) {
      if (typeof value !== "number" || !Number.isFinite(value)) return;
      const line = `${name}${instance}${renderLabelPairs(labels)}} ${formatValue(value)}\n`;
      const family = families.get(name);
      if (family) family.lines.push(line);
      else families.set(name, { type, help, lines: [line] });
    },
    blocks() {
      // join() makes flat strings: what a scrape writes out without further work.
      return [...families].map(([name, f]) => ({ name, type: f.type, help: f.help, text: f.lines.join("") }));
    },
  };
}
