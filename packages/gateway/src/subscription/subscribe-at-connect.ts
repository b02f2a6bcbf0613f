import { CLOSE_CODES, type ResumePoint } from "@wirewatch/protocol";
import type { GatewayContext } from "../context.js";
import { subscribe } from "./subscribe.js";
import type { SubscriberSession } from "./subscriber-session.js";

/**
 * A dialect's `session.subscribe` at connect time (DialectSession.subscribe): the subscribe
 * command without a client to answer, so a refusal closes the socket instead of sending an
 * error frame — 4403 for a channel the token may not read, 1008 with the error code as the
 * reason for anything else (an unknown channel, the subscription limit, the bus unavailable).
 */
export async function subscribeAtConnect(
  ctx: GatewayContext,
  session: SubscriberSession,
  channels: readonly string[],
  options: { snapshot: boolean; since?: Record<string, ResumePoint> },
): Promise<void> {
  const failure = await subscribe(ctx, session, {
    inputs: channels,
    snapshot: options.snapshot,
    ...(options.since ? { since: options.since } : {}),
  });
  if (!failure) return;
  if (failure.code === "forbidden_channel") session.close(CLOSE_CODES.forbidden, "forbidden channel");
  else session.close(CLOSE_CODES.policy, failure.code);
}
