import { ALERT_CHANNELS } from "@wirewatch/protocol";
import type { Dialect } from "../dialect.js";
import { MONSERV_METRIC_CHANNELS, MonServHosts } from "./monserv-hosts.js";

/** MonServ's WebSocket path. */
export const MONSERV_PATH = "/ws";

export interface MonServDialectOptions {
  path?: string;
  /** Hosts that sent nothing for this long leave `metrics_update` (default 5 minutes). */
  staleAfterMs?: number;
  now?: () => number;
}

/**
 * The MonServ dialect (docs/architecture.md §5, docs/compatibility.md; MonServ's WebSocket API documentation) on `/ws`: push-only.
 *
 * - At connect the socket is subscribed to the three host metric channels with their last values
 *   (a token that may not read all of them is closed 4403: the view below is shared by every
 *   MonServ socket), and to every alert channel it may read (without history: old alerts are not
 *   news).
 * - `{"type":"metrics_update","data":{<server key>:{hostname,uptimeSeconds,cpu,memory,disks,
 *   topProcsByMem,generatedAtUtc}}}` after every polling round, i.e. each newer `system.stats`
 *   event, carrying every fresh host (see {@link MonServHosts}); storage and process events
 *   only update the view.
 * - `{"type":"alert","alert_type":"alert"|"recovery","subject","message"}` for firing and
 *   resolved alerts; `unknown` (stale data) and acknowledgements are not MonServ events.
 * - Client frames are ignored (MonServ reads none): nothing is answered; only the shared rate
 *   limit applies.
 * One JSON document per frame, always.
 */
export function createMonServDialect(options: MonServDialectOptions = {}): Dialect {
  const hosts = new MonServHosts(options.staleAfterMs ?? 300_000, options.now);
  return {
    name: "monserv",
    path: options.path ?? MONSERV_PATH,
    subprotocols: [],
    unauthorized: "http",
    encode(event) {
      if ((MONSERV_METRIC_CHANNELS as readonly string[]).includes(event.channel)) {
        if (!hosts.apply(event)) return null;
        return JSON.stringify({ type: "metrics_update", data: hosts.snapshot() });
      }
      if ((ALERT_CHANNELS as readonly string[]).includes(event.channel)) return alertFrame(event.data);
      return null;
    },
    pushOnly: true,
    encodeReply: () => null,
    decode: () => ({ ok: true, command: null }),
    async onConnect(session) {
      // All three metric channels or none (4403): the host view is shared by every MonServ
      // socket, so a token limited to some of them would see the others' data in it.
      const alerts = ALERT_CHANNELS.filter((c) => session.mayRead(c));
      await session.subscribe(MONSERV_METRIC_CHANNELS, { snapshot: true });
      if (alerts.length > 0) await session.subscribe(alerts, { snapshot: false });
    },
  };
}

function alertFrame(data: unknown): string | null {
  const alert = data as Record<string, unknown>;
  if (alert.transition === "acknowledged") return null;
  const kind = alert.state === "firing" ? "alert" : alert.state === "resolved" ? "recovery" : null;
  if (kind === null) return null;
  const message = typeof alert.message === "string" ? alert.message : "";
  const subject =
    typeof alert.subject === "string"
      ? alert.subject
      : `[${kind === "alert" ? "ALERT" : "RECOVERED"}] ${String(alert.host ?? "")} ${message}`.trim();
  return JSON.stringify({ type: "alert", alert_type: kind, subject, message });
}
