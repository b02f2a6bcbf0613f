/**
 * `ups.status` decoded: NUT reports the state as space-separated words (docs/new-drivers.txt,
 * "Status data"), e.g. `OB DISCHRG LB`. Every known word becomes a boolean that is always present
 * (false when absent), so an alert rule can select `ups.status_flags.OB` without caring about
 * order; words NUT may add later (or a driver's own, like `HE`) are kept in `other`.
 *
 * A status that names no power state (none of OL, OB, BYPASS, OFF) is no sample of the UPS at
 * all: `WAIT` while a (re)started driver initialises, an empty or missing status, or only other
 * words. Read as flags it would say "not on battery", a false recovery; `upsStatusProblem` says
 * why such a status must be treated as stale data instead.
 */

import { UPS_STATUS_FLAGS, type UpsStatusFlag, type UpsStatusFlags } from "@wirewatch/protocol";

/** NUT's status words and their decoded form, defined in @wirewatch/protocol with the payload. */
export { UPS_STATUS_FLAGS, type UpsStatusFlag, type UpsStatusFlags };

const KNOWN = new Set<string>(UPS_STATUS_FLAGS);

/** Decodes `ups.status`: every known flag true/false, unknown words in order, deduplicated. */
export function decodeUpsStatus(status: string): { flags: UpsStatusFlags; other: string[] } {
  const flags = Object.fromEntries(UPS_STATUS_FLAGS.map((flag) => [flag, false])) as UpsStatusFlags;
  const other: string[] = [];
  for (const word of status.trim().split(/\s+/)) {
    if (word === "") continue;
    if (KNOWN.has(word)) flags[word as UpsStatusFlag] = true;
    else if (!other.includes(word)) other.push(word);
  }
  return { flags, other };
}

/**
 * The words that say what feeds the load: a status needs one of them to describe the UPS.
 * BYPASS counts (the load fed from mains through the bypass, `power.source` `bypass`).
 */
export const UPS_POWER_FLAGS = ["OL", "OB", "BYPASS", "OFF"] as const satisfies readonly UpsStatusFlag[];

/**
 * Why `ups.status` (as upsd reported it, `undefined` when it did not) is not a sample of the UPS,
 * or null when it is one (it names at least one of {@link UPS_POWER_FLAGS}). The text completes
 * "no sample: …" in the UPS's `collector.status` error.
 */
export function upsStatusProblem(status: string | undefined): string | null {
  if (status === undefined) return "no ups.status";
  const text = status.trim();
  if (text === "") return "ups.status is empty";
  const { flags } = decodeUpsStatus(text);
  if (UPS_POWER_FLAGS.some((flag) => flags[flag])) return null;
  if (text === "WAIT") return "ups.status is WAIT (the driver is starting)";
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return `ups.status "${shown}" names no power state (${UPS_POWER_FLAGS.join(", ")})`;
}
