import { parseChannelRef } from "@wirewatch/protocol";
import type { ClientEvents, ClientStats } from "./client-types.js";
import type { Emitter } from "./emitter.js";
import { ClientError } from "./errors.js";
import { parseFrame, type ReplyFrame } from "./frames.js";
import type { Requests } from "./requests.js";
import type { Subscriptions } from "./subscriptions.js";

export interface FrameContext {
  subs: Subscriptions;
  requests: Requests;
  emitter: Emitter<ClientEvents>;
  counters: Omit<ClientStats, "state">;
}

/**
 * One frame from the gateway: events go to the subscriptions (and, once delivered, to `event`
 * listeners); replies settle subscribe commands and requests; every `error` frame is also
 * emitted as an `error` event with the server's code (except `not_subscribed` answering the
 * client's own unsubscribe, which is expected after a refused subscribe).
 */
export function handleFrame(text: string, ctx: FrameContext): void {
  const frame = parseFrame(text);
  if (frame.kind === "bad") {
    ctx.emitter.emit("error", new ClientError("bad_frame", frame.reason));
    return;
  }
  if (frame.kind === "event") {
    const event = frame.event;
    const routed = ctx.subs.route(event, (err, ref) => handlerFailed(ctx, err, ref));
    if (routed === "delivered") {
      ctx.counters.events++;
      if (event.recovered === true) ctx.counters.recovered++;
      ctx.emitter.emit("event", event);
    } else if (routed === "duplicate") ctx.counters.duplicatesDropped++;
    else if (routed === "stale") ctx.counters.staleDropped++;
    return;
  }
  const reply = frame.reply;
  if (reply.type === "pong") return;
  if (reply.type === "status") {
    if (reply.status === "bus_unavailable" || reply.status === "bus_available") {
      const message = typeof reply.message === "string" ? reply.message : "";
      ctx.emitter.emit("status", { status: reply.status, message });
    }
    return;
  }
  const benign = reply.type === "error" && ctx.subs.isBenign(reply);
  if (!ctx.subs.handleReply(reply)) ctx.requests.handle(reply);
  if (reply.type === "error" && !benign) ctx.emitter.emit("error", serverError(reply));
}

function serverError(reply: ReplyFrame): ClientError {
  const message = typeof reply.message === "string" ? reply.message : "error from the server";
  const prefix = /^([^\s:]+):/.exec(message)?.[1];
  const channel = prefix !== undefined && parseChannelRef(prefix).ok ? prefix : undefined;
  const id = typeof reply.id === "string" || typeof reply.id === "number" ? reply.id : undefined;
  return new ClientError(String(reply.code ?? "internal") as never, message, { channel, id });
}

function handlerFailed(ctx: FrameContext, err: unknown, ref: string): void {
  const error = new ClientError("handler_error", `a handler of ${ref} threw`, { channel: ref, cause: err });
  if (ctx.emitter.count("error") > 0) ctx.emitter.emit("error", error);
  else
    queueMicrotask(() => {
      throw err;
    });
}
