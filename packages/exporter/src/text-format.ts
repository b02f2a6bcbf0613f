/**
 * Prometheus text exposition format (0.0.4) primitives: metric and label names made valid,
 * label values escaped, numbers spelled the way Prometheus parses them. Pure functions.
 */

/** Content-Type of a scrape response. */
export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge" | "untyped";

/** Label name → value, in the order they are rendered. */
export type Labels = Readonly<Record<string, string>>;

/** Replaces every character a metric name may not hold with `_` (and a leading digit). */
export function sanitizeMetricName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_:]/g, "_");
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

const NEEDS_ESCAPE = /[\\\n"]/;

/** Escapes `\`, `"` and newlines in a label value (returned as is when it has none). */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** Escapes `\` and newlines in HELP text. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** `{a="1",b="2"}`, or "" for no labels. */
export function renderLabels(labels: Labels): string {
  const pairs = renderLabelPairs(labels);
  return pairs === "" ? "" : `{${pairs.slice(1)}}`;
}

/** `,a="1",b="2"` (each pair led by a comma), or "" for no labels: to append after a first label. */
export function renderLabelPairs(labels: Labels): string {
  let out = "";
  for (const name in labels) out += `,${name}="${escapeLabelValue(labels[name] as string)}"`;
  return out;
}

/** A sample value: integers and floats as JS prints them, `NaN`, `+Inf`, `-Inf`. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** `# HELP` and `# TYPE` lines of a family. */
export function renderHeader(name: string, type: MetricType, help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}
