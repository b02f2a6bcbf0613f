import {
  type ChannelsReply,
  type ClientCommand,
  formatChannelRef,
  type PongReply,
  type PublishAck,
  reply,
  resolveChannel,
  type SubscriptionsReply,
  type UnsubscribeCommand,
  type UnsubscriptionAck,
} from "@wirewatch/protocol";
import type { GatewayContext } from "./context.js";
import { listChannels } from "./list-channels.js";
import { SNAPSHOT_SCAN_EVENTS } from "./prime.js";
import { publishEvent } from "./publish.js";
import type { Session } from "./session.js";
import { clip, subscribe } from "./subscribe.js";

/**
 * Runs one decoded client command for a session and writes its replies (DESIGN §4). Errors
 * become `error` frames carrying the command's `id`; the socket stays open. The session runs
 * commands one at a time, so a command's replies are complete before the next one starts.
 */
export async function handleCommand(
  ctx: GatewayContext,
  session: Session,
  command: ClientCommand,
): Promise<void> {
  switch (command.type) {
    case "subscribe": {
      const inputs = [
        ...(command.channel !== undefined ? [command.channel] : []),
        ...(command.channels ?? []),
      ];
      const failure = await subscribe(ctx, session, {
        inputs,
        id: command.id,
        since: command.since,
        snapshot: command.snapshot ?? true,
      });
      if (failure) session.sendError(failure.code, failure.message, command.id);
      return;
    }
    case "unsubscribe":
      unsubscribe(ctx, session, command);
      return;
    case "list_subscriptions":
      session.sendReply(
        reply<SubscriptionsReply>(
          { type: "subscriptions", channels: session.subscriptions.list() },
          command.id,
        ),
      );
      return;
    case "list_channels": {
      const channels = await listChannels(
        ctx.bus,
        session.principal,
        ctx.hub.channels(),
        SNAPSHOT_SCAN_EVENTS,
      );
      session.sendReply(reply<ChannelsReply>({ type: "channels", channels }, command.id));
      return;
    }
    case "ping":
      session.sendReply(reply<PongReply>({ type: "pong" }, command.id));
      return;
    case "publish": {
      const outcome = await publishEvent(
        { bus: ctx.bus, hostName: ctx.hostName, maxFrameBytes: ctx.limits.maxFrameBytes },
        session.principal,
        command,
      );
      if (!outcome.ok) session.sendError(outcome.code, outcome.message, command.id);
      else if (command.id !== undefined) {
        const { channel, seq } = outcome.event;
        session.sendReply(reply<PublishAck>({ type: "publish_ack", channel, seq }, command.id));
      }
      return;
    }
  }
}

/** All-or-nothing: every reference must be well-formed and currently subscribed. */
function unsubscribe(ctx: GatewayContext, session: Session, command: UnsubscribeCommand): void {
  const inputs = [...(command.channel !== undefined ? [command.channel] : []), ...(command.channels ?? [])];
  const targets: { text: string; base: string }[] = [];
  for (const input of inputs) {
    const resolution = resolveChannel(input);
    if (!resolution.ok) {
      session.sendError(resolution.code, `${clip(input)}: ${resolution.reason}`, command.id);
      return;
    }
    const text = formatChannelRef(resolution.ref);
    if (!session.subscriptions.has(text)) {
      session.sendError("not_subscribed", `${clip(text)}: not subscribed`, command.id);
      return;
    }
    if (!targets.some((t) => t.text === text)) targets.push({ text, base: resolution.ref.name });
  }
  for (const { text, base } of targets) {
    if (session.subscriptions.remove(text, base)) ctx.hub.detach(session, base);
  }
  session.sendReply(
    reply<UnsubscriptionAck>(
      { type: "unsubscription_ack", channels: targets.map((t) => t.text), status: "unsubscribed" },
      command.id,
    ),
  );
}
