import { reply, type StatusReply } from "@wirewatch/protocol";
import type { GatewayBus } from "../bus-port.js";

/** The `status` frame for a bus that is (`ready`) or is not delivering. */
export function busStatusReply(ready: boolean): StatusReply {
  return reply<StatusReply>(
    ready
      ? { type: "status", status: "bus_available", message: "the event feed is back; missed events follow" }
      : {
          type: "status",
          status: "bus_unavailable",
          message: "this gateway's event feed is down; events resume when it is back",
        },
  );
}

/** What {@link watchBusStatus} tells: every open connection, through its dialect. */
export interface StatusListener {
  readonly open: boolean;
  sendReply(body: StatusReply): void;
}

/**
 * Tells clients when this gateway's feed stops and comes back, so a dashboard can say "no data"
 * rather than show stale figures as live: on every change of the bus's readiness, each open
 * connection gets a `status` reply (native clients; dialects without replies drop it). Returns
 * the function that stops watching.
 */
export function watchBusStatus(
  bus: Pick<GatewayBus, "onReadyChange">,
  listeners: () => Iterable<StatusListener>,
): () => void {
  return bus.onReadyChange((ready) => {
    const frame = busStatusReply(ready);
    for (const listener of listeners()) if (listener.open) listener.sendReply(frame);
  });
}
