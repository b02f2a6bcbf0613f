/**
 * `ups.status` decoded: NUT reports the state as space-separated words (docs/new-drivers.txt,
 * "Status data"), e.g. `OB DISCHRG LB`. Every known word becomes a boolean that is always present
 * (false when absent), so an alert rule can select `ups.status_flags.OB` without caring about
 * order; words NUT may add later (or a driver's own, like `HE`) are kept in `other`.
 */

/** The status words of NUT's driver API, in its documented order. */
export const UPS_STATUS_FLAGS = [
  "OL", // on line (mains)
  "OB", // on battery
  "LB", // low battery
  "HB", // high battery
  "RB", // replace battery
  "CHRG", // charging
  "DISCHRG", // discharging
  "BYPASS", // on bypass
  "CAL", // calibrating
  "OFF", // output off
  "OVER", // overloaded
  "TRIM", // trimming (reducing) a high input voltage
  "BOOST", // boosting a low input voltage
  "FSD", // forced shutdown (set by upsmon primary)
  "ALARM", // an alarm is active: see ups.alarm
] as const;

export type UpsStatusFlag = (typeof UPS_STATUS_FLAGS)[number];
export type UpsStatusFlags = Record<UpsStatusFlag, boolean>;

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
