import type { Dialect } from "../dialect.js";

const labels = new WeakMap<Dialect, { dialect: string }>();

/**
 * The `{dialect}` label object of a dialect's per-connection metrics (connections, messages
 * in), one per dialect and shared by all its sessions: no label object is built per call, and a
 * session keeps no label of its own.
 */
export function dialectLabel(dialect: Dialect): { dialect: string } {
  let label = labels.get(dialect);
  if (!label) {
    label = { dialect: dialect.name };
    labels.set(dialect, label);
  }
  return label;
}
