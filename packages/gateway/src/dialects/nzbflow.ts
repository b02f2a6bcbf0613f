import type { Dialect } from "../dialect.js";
import { withNzbQueueFields } from "./nzbflow-queue.js";

/** NZB Flow's WebSocket path (its server's root). */
export const NZBFLOW_PATH = "/";

/**
 * The NZB Flow dialect (docs/architecture.md §5, docs/compatibility.md; NZB Flow's WebSocket server documentation) on `/` with `?token=`.
 *
 * - A missing or wrong token upgrades and then closes 4401 "Unauthorized", as NZB Flow does.
 * - On connect: a greeting `{"success":true,"data":{"type":"connected",...}}` (clients that
 *   switch on `data.type` skip it), then the socket is subscribed to `jobs` with its last value
 *   per host. `jobs` is admin-only (architecture §6): a token without admin is closed 4403.
 * - Every `jobs` event is sent as `{"success":true,"data":<event data>}`: `queue-update` from the
 *   collectors' worker pools (with NZB Flow's documented queue fields added, see nzbflow-queue.ts), `command-progress` ({id,currentStep,percentage}: RAID resync and
 *   checks from the host input, anything a user's script publishes), `task-finished`
 *   ({taskConfig} with status and output).
 * - Client frames are ignored (NZB Flow reads none).
 */
export function createNzbFlowDialect(options: { path?: string } = {}): Dialect {
  return {
    name: "nzbflow",
    path: options.path ?? NZBFLOW_PATH,
    subprotocols: [],
    unauthorized: "close",
    encode: (event) =>
      event.channel === "jobs"
        ? JSON.stringify({ success: true, data: withNzbQueueFields(event.data as Record<string, unknown>) })
        : null,
    pushOnly: true,
    encodeReply: () => null,
    decode: () => ({ ok: true, command: null }),
    async onConnect(session) {
      session.send(
        JSON.stringify({
          success: true,
          data: { type: "connected", server: "wirewatch", session: session.id, channels: ["jobs"] },
        }),
      );
      await session.subscribe(["jobs"], { snapshot: true });
    },
  };
}
