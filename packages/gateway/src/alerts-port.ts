import type { AlertSummary, SilenceSummary } from "@wirewatch/protocol";

/**
 * What the gateway needs of an alert engine to serve the alert commands (architecture §4 `alerts_list`,
 * `alert_ack`, `silence`, `unsilence`) and their HTTP routes. @wirewatch/alerts' engine satisfies
 * it; `wirewatch start` passes the engine of its own process. Without one (a gateway in a process
 * with no collector — scaled-out mode, until the alert commands travel over the bus) every alert
 * command answers `unavailable`.
 *
 * Contract: `ack`, `silence` and `unsilence` reject with an error whose `code` is
 * `WW_ALERTS_NOT_FOUND` (unknown alert or silence, or a silence naming no rule) or
 * `WW_ALERTS_INVALID` (a malformed request); any other rejection is reported as unavailable.
 */
export interface GatewayAlerts {
  list(): { alerts: AlertSummary[]; silences: SilenceSummary[] };
  ack(alertId: string, by: string): Promise<AlertSummary>;
  silence(request: {
    rule?: string;
    host?: string;
    durationMs: number;
    reason: string;
    by: string;
  }): Promise<SilenceSummary>;
  unsilence(silenceId: string, by: string): Promise<SilenceSummary>;
}
