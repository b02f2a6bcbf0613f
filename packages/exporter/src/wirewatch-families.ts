import type { AlertPayload, CollectorStatus } from "@wirewatch/protocol";
import { createFamilyBuilder, type FamilyBlock } from "./family-builder.js";

/** `collector.status` states, in the order `wirewatch_collector_state` lists them. */
export const COLLECTOR_STATES = ["ok", "stale", "error"] as const;

/**
 * wirewatch's own health of one collector input of `host`, from its `collector.status` event:
 * `wirewatch_collector_up{input}` (1 while `ok`), `wirewatch_collector_state{input,state}` (1 for
 * the current state, 0 for the others, as node_exporter's systemd unit states),
 * `wirewatch_collector_last_success_timestamp_seconds{input}` and
 * `wirewatch_collector_consecutive_errors{input}`. Nothing without an `input`.
 */
export function collectorStatusFamilies(host: string, data: CollectorStatus): FamilyBlock[] {
  if (typeof data.input !== "string" || data.input === "") return [];
  const b = createFamilyBuilder(host);
  const labels = { input: data.input };
  b.add(
    "wirewatch_collector_up",
    "gauge",
    "1 while the collector input's last run succeeded.",
    labels,
    up(data),
  );
  for (const state of COLLECTOR_STATES) {
    b.add(
      "wirewatch_collector_state",
      "gauge",
      "State of the collector input (ok, stale, error): 1 for the current one.",
      { input: data.input, state },
      data.state === state ? 1 : 0,
    );
  }
  const lastSuccess = data.last_success ? Date.parse(data.last_success) / 1000 : undefined;
  b.add(
    "wirewatch_collector_last_success_timestamp_seconds",
    "gauge",
    "When the collector input last succeeded, seconds since the epoch.",
    labels,
    lastSuccess,
  );
  b.add(
    "wirewatch_collector_consecutive_errors",
    "gauge",
    "Failed runs of the collector input since its last success.",
    labels,
    data.consecutive_errors,
  );
  return b.blocks();
}

const up = (data: CollectorStatus): number => (data.state === "ok" ? 1 : 0);

/**
 * An alert of `host` while it is active: `wirewatch_alert_active{channel,rule,key,severity,state,
 * acknowledged} 1` with `state` `firing` or `unknown` (no fresh data to judge it), as
 * Prometheus's own `ALERTS` series. A `resolved` alert has no series: its source is removed.
 */
export function alertFamilies(host: string, channel: string, data: AlertPayload): FamilyBlock[] {
  if (data.state !== "firing" && data.state !== "unknown") return [];
  const b = createFamilyBuilder(host);
  b.add(
    "wirewatch_alert_active",
    "gauge",
    "An active wirewatch alert (firing, or unknown for want of fresh data): 1 while active.",
    {
      channel,
      rule: data.rule ?? "",
      key: data.key ?? "",
      severity: data.severity ?? data.level ?? "",
      state: data.state,
      acknowledged: data.acknowledged ? "true" : "false",
    },
    1,
  );
  return b.blocks();
}
