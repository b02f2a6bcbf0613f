import type { BusEvent, ErrorCode, ServerReply } from "@wirewatch/protocol";
import type { Principal } from "../auth/principal.js";
import type { HubSubscriber } from "./hub.js";
import type { LiveHold } from "./live-hold.js";
import type { SubscriptionTable } from "./subscriptions.js";

/**
 * What the subscription layer and the commands need of one connection; the connection layer's
 * `Session` implements it. Written here so that subscribe, reference-start and the commands
 * never import the session (which calls them): the layers import one way, connection →
 * commands → subscription.
 */
export interface SubscriberSession extends HubSubscriber {
  readonly principal: Principal;
  readonly subscriptions: SubscriptionTable;
  /** False once the socket is closing or closed: nothing more is written. */
  readonly open: boolean;
  /** Encodes a reply with the socket's dialect (dropped by dialects without replies) and sends it in order. */
  sendReply(body: ServerReply): void;
  sendError(code: ErrorCode, message: string, id?: string | number): void;
  /** Sends an event fetched for this socket alone (snapshot or replay; `recovered` marks a replay). */
  sendOwnEvent(event: BusEvent, recovered: boolean): void;
  /** Starts holding live events of `base`; call before adding the command's new references. */
  holdLive(base: string): LiveHold;
  /** Writes the held events of `base` that are still due and resumes its live delivery. */
  releaseHeld(base: string): void;
  close(code: number, reason: string): void;
}
