import {
  type AlertAckReply,
  type AlertsReply,
  type ChannelsReply,
  type ClientCommand,
  type ErrorCode,
  formatChannelRef,
  type PongReply,
  type PublishAck,
  reply,
  resolveChannel,
  type SilenceAck,
  type SubscriptionsReply,
  type UnsilenceAck,
  type UnsubscribeCommand,
  type UnsubscriptionAck,
} from "@wirewatch/protocol";
import type { GatewayAlerts } from "../alerts-port.js";
import type { GatewayContext } from "../context.js";
import { SNAPSHOT_SCAN_EVENTS } from "../subscription/bus-reads.js";
import { clip, subscribe } from "../subscription/subscribe.js";
import type { SubscriberSession } from "../subscription/subscriber-session.js";
import { withAlerts } from "./alert-commands.js";
import { listChannels } from "./list-channels.js";
import { publishEvent } from "./publish.js";

/**
 * Runs one decoded client command for a session and writes its replies (architecture §4). Errors
 * become `error` frames carrying the command's `id`; the socket stays open. The session runs
 * commands one at a time, so a command's replies are complete before the next one starts.
 */
export async function handleCommand(
  ctx: GatewayContext,
  session: SubscriberSession,
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
      const outcome = await publishEvent(ctx.publish, session.principal, command);
      if (!outcome.ok) session.sendError(outcome.code, outcome.message, command.id);
      else if (command.id !== undefined) {
        const { channel, seq } = outcome.event;
        session.sendReply(reply<PublishAck>({ type: "publish_ack", channel, seq }, command.id));
      }
      return;
    }
    case "alerts_list":
    case "alert_ack":
    case "silence":
    case "unsilence":
      await handleAlertCommand(ctx, session, command);
      return;
  }
}

type AlertCommand = Extract<ClientCommand, { type: "alerts_list" | "alert_ack" | "silence" | "unsilence" }>;

/** The alert commands (admin only): answered by the alert engine of this process, if any. */
async function handleAlertCommand(
  ctx: GatewayContext,
  session: SubscriberSession,
  command: AlertCommand,
): Promise<void> {
  const by = session.principal.name;
  const run = <T>(fn: (alerts: GatewayAlerts) => T | Promise<T>) =>
    withAlerts(ctx.alerts, session.principal, ctx.logger, fn);
  const fail = (outcome: { code: ErrorCode; message: string }) =>
    session.sendError(outcome.code, outcome.message, command.id);
  switch (command.type) {
    case "alerts_list": {
      const outcome = await run((alerts) => alerts.list());
      if (!outcome.ok) return fail(outcome);
      session.sendReply(reply<AlertsReply>({ type: "alerts", ...outcome.value }, command.id));
      return;
    }
    case "alert_ack": {
      const outcome = await run((alerts) => alerts.ack(command.alert_id, by));
      if (!outcome.ok) return fail(outcome);
      session.sendReply(
        reply<AlertAckReply>(
          { type: "alert_ack", alert_id: command.alert_id, alert: outcome.value },
          command.id,
        ),
      );
      return;
    }
    case "silence": {
      const outcome = await run((alerts) =>
        alerts.silence({
          ...(command.rule !== undefined ? { rule: command.rule } : {}),
          ...(command.host !== undefined ? { host: command.host } : {}),
          durationMs: command.duration_ms,
          reason: command.reason,
          by,
        }),
      );
      if (!outcome.ok) return fail(outcome);
      const silence = outcome.value;
      session.sendReply(
        reply<SilenceAck>(
          { type: "silence_ack", silence_id: silence.silence_id, expires_at: silence.expires_at, silence },
          command.id,
        ),
      );
      return;
    }
    case "unsilence": {
      const outcome = await run((alerts) => alerts.unsilence(command.silence_id, by));
      if (!outcome.ok) return fail(outcome);
      session.sendReply(
        reply<UnsilenceAck>(
          { type: "unsilence_ack", silence_id: command.silence_id, silence: outcome.value },
          command.id,
        ),
      );
      return;
    }
  }
}

/** All-or-nothing: every reference must be well-formed and currently subscribed. */
function unsubscribe(ctx: GatewayContext, session: SubscriberSession, command: UnsubscribeCommand): void {
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
