import type { Principal } from "../auth/principal.js";
import type { ClientInfo } from "../clients-channel.js";
import type { SubscriptionTable } from "../subscription/subscriptions.js";

/** What a connection's `gateway.clients` entry is read from (the session's fields). */
export interface ClientStats {
  readonly id: string;
  readonly startedAtMs: number;
  readonly address: string;
  readonly userAgent: string;
  readonly dialect: { readonly name: string };
  readonly principal: Principal;
  readonly subscriptions: SubscriptionTable;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
}

/**
 * One connection's entry in `gateway.clients` (architecture §3), built when the list is published or
 * `Gateway.clients()` is asked: the principal's name (never a token), the references in
 * subscription order, and the byte and message counts so far.
 */
export function clientInfo(session: ClientStats): ClientInfo {
  return {
    id: session.id,
    start: new Date(session.startedAtMs).toISOString(),
    address: session.address,
    user_agent: session.userAgent,
    dialect: session.dialect.name,
    principal: session.principal.name,
    channels: session.subscriptions.list(),
    bytes_in: session.bytesIn,
    bytes_out: session.bytesOut,
    messages_in: session.messagesIn,
    messages_out: session.messagesOut,
  };
}
