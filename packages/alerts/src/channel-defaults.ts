import type { AlertChannel } from "@wirewatch/protocol";

/**
 * What a rule gets when it does not say: the alert channel a watched channel's alerts go to, and
 * the `collector.status` inputs whose stale or error state makes its alerts `unknown`. A channel
 * missing from the first table (custom.*, jobs, docker.events, gateway.clients) needs an explicit
 * `alertChannel`; one missing from the second never goes unknown by status (only when its item
 * disappears from a fresh sample).
 */
export const DEFAULT_ALERT_CHANNEL: Readonly<Record<string, AlertChannel>> = {
  "system.stats": "resource.alert",
  "system.processes": "resource.alert",
  "storage.status": "resource.alert",
  "docker.stats": "resource.alert",
  sensors: "temperature.alert",
  "disk.smart": "storage.alert",
  "infrastructure.status": "infrastructure.alert",
  "collector.status": "infrastructure.alert",
};

/** `collector.status` inputs (`<input>` or `<input>.<task>`) feeding each channel. */
export const DEFAULT_SOURCE_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "system.stats": ["host.stats"],
  "system.processes": ["host.processes"],
  "storage.status": ["host.storage"],
  sensors: ["host.sensors", "sensors"],
  "disk.smart": ["smart"],
  "infrastructure.status": ["ups"],
  "docker.stats": ["docker"],
};

/**
 * True when a `collector.status` input reports on a source: the same name, or one is a schedule
 * of the other (`ups` covers `ups.poll`; `host.stats` is covered by a rule listing `host`).
 */
export function inputCovers(statusInput: string, source: string): boolean {
  return (
    statusInput === source || statusInput.startsWith(`${source}.`) || source.startsWith(`${statusInput}.`)
  );
}
