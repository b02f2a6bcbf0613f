import type { BusEvent, ClientCommand, ErrorCode, ResumePoint, ServerReply } from "@wirewatch/protocol";
import type { Principal } from "./auth/principal.js";

/**
 * A wire format (architecture §5, §7): an encoder of events and replies plus a decoder of client
 * commands, chosen by the upgrade's path. Routing, auth, limits, subscriptions, fan-out and
 * backpressure are the gateway's and shared by every dialect.
 *
 * Contract:
 * - `encode` is called at most once per event per dialect by the hub (the result is written
 *   to every subscribed socket of that dialect), so it must not depend on the socket. It
 *   returns the text of one frame, or `null` when this dialect does not forward the event.
 *   Replayed events arrive with `recovered: true` and are encoded per socket.
 * - `decode` turns one client frame into a protocol command or a precise error; never throws.
 * - `onConnect` runs once after the upgrade, before any client frame is handled; it may send
 *   frames and subscribe the session (dialects without a subscribe command, e.g. MonServ).
 * - `createFramer`, when present, is called once per connection before `onConnect`; every
 *   event frame of that socket (live, snapshot, replayed) then goes to the framer instead of
 *   straight to the socket, in order, and the framer writes with `session.send` (Tvheadend
 *   batches about once a second). The framer is closed exactly once, when the socket is.
 * - `close` (optional) releases what the dialect holds across connections (timers, mailboxes);
 *   the gateway calls it once when it closes.
 *
 * `test/dialects/contract.ts` checks these for every dialect.
 */
export interface Dialect {
  /** Short identifier shown in `gateway.clients` (`native`, `monserv`, ...). */
  readonly name: string;
  /** Upgrade path, exact match (`/api/v1/ws`). */
  readonly path: string;
  /** Subprotocols this dialect answers to; the first one offered by the client is echoed. */
  readonly subprotocols: readonly string[];
  /**
   * How a failed authentication is reported: `http` answers the upgrade with 401 (native);
   * `close` upgrades and then closes with 4401 "Unauthorized" (NZB Flow's documented way).
   */
  readonly unauthorized: "http" | "close";
  /**
   * True for dialects that read no client commands (MonServ, NZB Flow, Tvheadend): whatever a
   * client sends is dropped, binary frames included. Otherwise a binary frame closes the socket
   * 1003, as every command is JSON text.
   */
  readonly pushOnly?: boolean;
  encode(event: WireEvent): string | null;
  /** Encodes a reply to a command; `null` drops it (dialects without replies). */
  encodeReply(reply: ServerReply): string | null;
  decode(frame: string): DecodedCommand;
  onConnect?(session: DialectSession): void | Promise<void>;
  createFramer?(session: DialectSession): DialectFramer;
  close?(): void;
}

/** Per-connection frame assembly of a dialect (see `Dialect.createFramer`). */
export interface DialectFramer {
  /** One encoded event frame for this socket, in delivery order. */
  push(frame: Buffer, event: WireEvent): void;
  /** The socket closed: stop writing and release timers. Called once. */
  close(): void;
}

/** An event as a dialect sees it: replayed events are marked `recovered: true`. */
export type WireEvent = BusEvent & { recovered?: true };

/** `command: null`: the frame is accepted and ignored (push-only dialects read no commands). */
export type DecodedCommand =
  | { ok: true; command: ClientCommand | null }
  | { ok: false; code: ErrorCode; message: string; id?: string | number };

/** What a dialect's `onConnect` may do with the new connection. */
export interface DialectSession {
  readonly id: string;
  readonly principal: Principal;
  readonly address: string;
  readonly userAgent: string;
  /** Query parameters of the upgrade URL (the `token` parameter removed). */
  readonly query: URLSearchParams;
  /** Sends one text frame now (ordered with every other frame of the socket). */
  send(frame: string): void;
  /**
   * Subscribes the session as if the client had asked (`snapshot` defaults to true). There is no
   * client command to answer, so a refusal closes the socket: 4403 for a channel the principal
   * may not read, 1008 with the error code as the reason for any other (an unknown channel, the
   * subscription limit, the bus unavailable). Resolves either way.
   */
  subscribe(
    channels: readonly string[],
    options?: { snapshot?: boolean; since?: Record<string, ResumePoint> },
  ): Promise<void>;
  /** Whether the principal may read `channel` (a registered base name); false for unknown ones. */
  mayRead(channel: string): boolean;
  close(code: number, reason: string): void;
}
