import {
  type BusEvent,
  CLOSE_CODES,
  type ClientCommand,
  type ErrorCode,
  type ErrorReply,
  getChannelSpec,
  type ResumePoint,
  reply,
  type ServerReply,
} from "@wirewatch/protocol";
import type { RawData } from "ws";
import type { Principal } from "../auth/principal.js";
import { mayRead } from "../auth/principal.js";
import { handleCommand } from "../commands/handle-command.js";
import type { GatewayContext } from "../context.js";
import type { DecodedCommand, Dialect, DialectFramer, DialectSession } from "../dialect.js";
import type { Tally } from "../metrics.js";
import type { EncodedEvent } from "../subscription/hub.js";
import { LiveHold } from "../subscription/live-hold.js";
import { subscribeAtConnect } from "../subscription/subscribe-at-connect.js";
import type { SubscriberSession } from "../subscription/subscriber-session.js";
import { hostsOf, SubscriptionTable } from "../subscription/subscriptions.js";
import { Outbound, type OutboundKind } from "./backpressure.js";
import { dialectLabel } from "./dialect-label.js";
import { Inbound } from "./inbound.js";
import { TokenBucket } from "./rate-limit.js";
import { armExpiry, type Expiring } from "./session-expiry.js";
import { listenToSocket, rawToBuffer, type SessionSocket } from "./socket-listeners.js";
import { queryWithoutToken } from "./upgrade.js";

export interface SessionInit {
  id: string;
  socket: SessionSocket;
  dialect: Dialect;
  principal: Principal;
  address: string;
  userAgent: string;
  /** The upgrade URL's query string; parsed (without `token`) when `query` is first read. */
  rawQuery: string;
  /** Called once when the socket has closed and the session released everything. */
  onClosed(session: Session): void;
}

/**
 * Per-socket state and its single writer. Client frames are counted, rate limited, decoded by
 * the dialect and handled strictly one after another (a command's replies and fetched events
 * are written before the next command runs). Every outbound frame goes through the socket's
 * {@link Outbound}, so replies and events keep their order and a slow client is bounded.
 *
 * A class with its state in fields, and nothing allocated until used (the live holds, the
 * query, the release listeners), so an idle connection costs a few KB beyond ws itself; what
 * needs no per-socket state lives beside it (session-expiry.ts, client-info.ts,
 * dialect-label.ts). Every close path — the client closing, 4008 slow consumer, 4401 JWT
 * expiry, 4429 rate limit, 1008 invalid frames, 1003 binary, 1009 frame too big, 4403 at
 * connect, 1001 shutdown, a heartbeat terminate — ends in `release` once ws reports the socket
 * closed, which detaches the session from the hub and calls `onClosed` exactly once.
 */
export class Session implements SubscriberSession, DialectSession, Expiring {
  readonly id: string;
  readonly dialect: Dialect;
  readonly principal: Principal;
  private rawQuery: string;
  private parsedQuery: URLSearchParams | undefined;
  readonly address: string;
  readonly userAgent: string;
  readonly startedAtMs = Date.now();
  readonly subscriptions = new SubscriptionTable();
  /** Cleared by each ping; set by the pong. */
  alive = true;
  bytesIn = 0;
  bytesOut = 0;
  messagesIn = 0;
  messagesOut = 0;
  /** The close code this side sent, if it closed the socket. */
  closeCode: number | undefined;

  private readonly socket: SessionSocket;
  private readonly outbound: Outbound;
  private readonly inbound: Inbound;
  /** Bases whose live events are held while a subscribe starts them (live-hold.ts); lazily allocated. */
  private holds: Map<string, LiveHold> | undefined;
  private framer: DialectFramer | undefined;
  private readonly eventsOut: Tally;
  private readonly onClosed: (session: Session) => void;
  private closing = false;
  private released = false;
  /** The JWT expiry timer (session-expiry.ts), if the credential expires. */
  expiryTimer: NodeJS.Timeout | undefined;
  private releaseListeners: (() => void)[] | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    init: SessionInit,
  ) {
    this.id = init.id;
    this.socket = init.socket;
    this.dialect = init.dialect;
    this.principal = init.principal;
    this.rawQuery = init.rawQuery;
    this.address = init.address;
    this.userAgent = init.userAgent;
    this.onClosed = init.onClosed;
    const { limits } = ctx;
    this.inbound = new Inbound(
      {
        rate: new TokenBucket(limits.messagesPerSecond, limits.burst),
        maxConsecutiveInvalid: limits.maxConsecutiveInvalid,
        maxInvalidPerMinute: limits.maxInvalidPerMinute,
        logger: ctx.logger,
        sessionId: this.id,
      },
      this,
    );
    this.outbound = new Outbound(this.socket, limits, this);
    this.eventsOut = ctx.metrics.eventsOutTally(this.dialect.name);
    listenToSocket(this.socket, this);
    ctx.metrics.connections.inc(dialectLabel(this.dialect));
    armExpiry(this);
  }

  // ---- what Inbound and Outbound call (InboundOwner, OutboundListener) ----------------------

  decode(text: string): DecodedCommand {
    return this.dialect.decode(text);
  }

  run(command: ClientCommand): Promise<void> {
    return handleCommand(this.ctx, this, command);
  }

  isOpen(): boolean {
    return this.open;
  }

  onRefused(reason: "rate_limited" | "invalid"): void {
    this.ctx.metrics.dropped.inc({ reason });
  }

  onOverflow(): void {
    this.slowConsumer();
  }

  onWrite(bytes: number, kind: OutboundKind): void {
    this.bytesOut += bytes;
    this.messagesOut++;
    if (kind !== "control") this.eventsOut.n++;
  }

  onCoalesce(): void {
    this.ctx.metrics.dropped.inc({ reason: "coalesced" });
  }

  onPong(): void {
    this.alive = true;
  }

  /** The socket reported an error (ws closes it afterwards). */
  onSocketError(err: Error & { code?: string }): void {
    if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
      this.closeCode = CLOSE_CODES.tooBig;
      this.ctx.metrics.dropped.inc({ reason: "frame_too_big" });
    }
    this.ctx.logger.debug({ session: this.id, code: err.code }, "socket error");
  }

  /** DialectSession: the upgrade URL's query parameters, `token` removed (parsed on first use). */
  get query(): URLSearchParams {
    if (!this.parsedQuery) {
      this.parsedQuery = queryWithoutToken(this.rawQuery);
      this.rawQuery = "";
    }
    return this.parsedQuery;
  }

  /** Runs the dialect's onConnect before any client frame is handled. */
  start(): void {
    this.framer = this.dialect.createFramer?.(this);
    const onConnect = this.dialect.onConnect;
    if (onConnect) this.inbound.enqueue(async () => onConnect.call(this.dialect, this));
  }

  get open(): boolean {
    return !this.closing && !this.released;
  }

  // ---- outbound -------------------------------------------------------------------------

  /** Sends one text frame (replies, dialect frames) in order with everything else. */
  send(frame: string): void {
    this.outbound.push(Buffer.from(frame, "utf8"), "control");
  }

  sendReply(body: ServerReply): void {
    const text = this.dialect.encodeReply(body);
    if (text !== null) this.send(text);
  }

  sendError(code: ErrorCode, message: string, id?: string | number): void {
    this.sendReply(reply<ErrorReply>({ type: "error", code, message }, id));
  }

  /** Sends an event fetched for this socket alone (snapshot or replay), encoded here. */
  sendOwnEvent(event: BusEvent, recovered: boolean): void {
    const text = this.dialect.encode(recovered ? { ...event, recovered: true } : event);
    if (text !== null) this.pushEvent(event, Buffer.from(text, "utf8"));
    this.holds?.get(event.channel)?.noteSent(event);
  }

  /** Hub entry point: a live event of a channel this socket is attached to. */
  deliver(event: BusEvent, frames: EncodedEvent): void {
    if (!this.open || !this.subscriptions.matches(event.channel, event.host)) return;
    const frame = frames.frame(this.dialect);
    if (frame === null) return;
    const hold = this.holds?.get(event.channel);
    if (!hold) {
      this.pushEvent(event, frame, frames.key);
      return;
    }
    hold.hold(event, frame);
    if (hold.heldCount > this.ctx.limits.maxQueuedEvents) this.slowConsumer();
  }

  private pushEvent(event: BusEvent, frame: Buffer, key?: string): void {
    if (this.framer) {
      this.framer.push(frame, event);
      return;
    }
    if (this.subscriptions.get(event.channel)?.spec.kind === "latest") {
      this.outbound.push(frame, "latest", key ?? `${event.channel}@${event.host}`);
    } else {
      this.outbound.push(frame, "event");
    }
  }

  // ---- live hold (see live-hold.ts) ---------------------------------------------------------

  /** Starts holding live events of `base`; call before adding the command's new references. */
  holdLive(base: string): LiveHold {
    const sub = this.subscriptions.get(base);
    const hold = new LiveHold(sub ? hostsOf(sub) : []);
    this.holds ??= new Map();
    this.holds.set(base, hold);
    return hold;
  }

  /** Writes the held events that are still due and resumes live delivery of `base`. */
  releaseHeld(base: string): void {
    const hold = this.holds?.get(base);
    if (!hold) return;
    this.holds!.delete(base);
    if (this.holds!.size === 0) this.holds = undefined;
    if (!this.open) return;
    for (const { event, frame } of hold.release((host) => this.subscriptions.matches(base, host))) {
      this.pushEvent(event, frame);
    }
  }

  // ---- inbound ------------------------------------------------------------------------------

  onMessage(data: RawData, isBinary: boolean): void {
    if (!this.open) return;
    const raw = rawToBuffer(data);
    this.bytesIn += raw.length;
    this.messagesIn++;
    this.ctx.metrics.messagesIn.inc(dialectLabel(this.dialect));
    if (isBinary && !this.dialect.pushOnly) {
      this.onRefused("invalid");
      this.close(CLOSE_CODES.unsupportedData, "binary frames are not accepted; send JSON text");
      return;
    }
    this.inbound.receive(raw.toString("utf8"));
  }

  /** DialectSession: subscribe at connect time (4403 when forbidden). */
  async subscribe(
    channels: readonly string[],
    options: { snapshot?: boolean; since?: Record<string, ResumePoint> } = {},
  ): Promise<void> {
    await subscribeAtConnect(this.ctx, this, channels, {
      snapshot: options.snapshot ?? true,
      ...(options.since ? { since: options.since } : {}),
    });
  }

  /** DialectSession: may this principal read `channel`? */
  mayRead(channel: string): boolean {
    const spec = getChannelSpec(channel);
    return spec !== undefined && mayRead(this.principal, spec).ok;
  }

  // ---- closing ------------------------------------------------------------------------------

  /** Closes with `code`; queued frames are dropped, the close frame follows what ws holds. */
  close(code: number, reason: string): void {
    if (this.closing || this.released) return;
    this.closing = true;
    this.closeCode = code;
    this.outbound.stop();
    this.detachAll();
    this.socket.close(code, reason);
  }

  /** Drops the connection without a close handshake (dead peers). */
  terminate(reason: "heartbeat" | "shutdown"): void {
    if (reason === "heartbeat") this.ctx.metrics.dropped.inc({ reason });
    this.closing = true;
    this.outbound.stop();
    this.socket.terminate();
  }

  /** Sends a WebSocket ping (the heartbeat calls this). */
  ping(): void {
    this.socket.ping();
  }

  private slowConsumer(): void {
    if (!this.open) return;
    this.ctx.metrics.dropped.inc({ reason: "slow_consumer" });
    this.ctx.logger.warn({ session: this.id, principal: this.principal.name }, "slow consumer closed");
    this.close(CLOSE_CODES.slowConsumer, "slow consumer");
  }

  private detachAll(): void {
    for (const base of this.subscriptions.bases()) this.ctx.hub.detach(this, base);
    this.holds = undefined;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.outbound.stop();
    this.detachAll();
    this.subscriptions.clear();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.framer?.close();
    this.framer = undefined;
    this.ctx.metrics.connections.dec(dialectLabel(this.dialect));
    this.onClosed(this);
    const listeners = this.releaseListeners;
    this.releaseListeners = undefined;
    for (const listener of listeners ?? []) listener();
  }

  /** Calls `listener` once the socket has closed and the session released everything. */
  onceReleased(listener: () => void): void {
    if (this.released) {
      listener();
      return;
    }
    this.releaseListeners ??= [];
    this.releaseListeners.push(listener);
  }
}
