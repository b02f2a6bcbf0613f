import {
  type ErrorCode,
  formatChannelRef,
  type ResumePoint,
  reply,
  resolveChannel,
  type SubscriptionAck,
} from "@wirewatch/protocol";
import { mayRead } from "../auth/principal.js";
import type { GatewayContext } from "../context.js";
import type { LiveHold } from "./live-hold.js";
import { startReference, type Target } from "./reference-start.js";
import type { SubscriberSession } from "./subscriber-session.js";

/** A subscribe command: the references as written, the command's `id`, `since`, `snapshot`. */
export interface SubscribeRequest {
  inputs: readonly string[];
  id?: string | number;
  since?: ResumePoint | Record<string, ResumePoint>;
  snapshot: boolean;
}

/** Why a subscribe changed nothing: the command's one error frame. */
export type SubscribeFailure = { code: ErrorCode; message: string };

/**
 * `subscribe` (architecture §4). All-or-nothing: every channel is resolved against the registry and
 * checked against the principal (invalid_channel, unknown_channel, forbidden_channel) and the
 * socket's limit (subscription_limit) before anything changes. Then, in this order:
 *
 * 1. `subscription_ack` listing every requested reference;
 * 2. per reference, once the bus subscription is active: with `since`, the missed events
 *    (`recovered: true`) and a `resume` reply with `recovered: true`, or a `resume` reply with
 *    `recovered: false` followed by the last value; without `since`, the last value
 *    (`snapshot: false` skips it; see bus-reads.ts for what "last value" means per kind);
 * 3. live events, with those that arrived meanwhile released by the live hold (no gap, no
 *    duplicate, no regress).
 *
 * `since` is one resume point for a single channel, or a map from reference (or base name) to
 * resume point for `channels: [...]`. Re-subscribing an existing reference is allowed and sends
 * its last value again. Resolves with the failure when nothing changed, else undefined.
 */
export async function subscribe(
  ctx: GatewayContext,
  session: SubscriberSession,
  request: SubscribeRequest,
): Promise<SubscribeFailure | undefined> {
  const resolved = resolveTargets(session, request);
  if ("code" in resolved) return resolved;
  const targets = resolved.targets;
  const fresh = targets.filter((t) => !session.subscriptions.has(t.text)).length;
  if (session.subscriptions.size + fresh > ctx.limits.maxSubscriptionsPerSocket) {
    return {
      code: "subscription_limit",
      message: `at most ${ctx.limits.maxSubscriptionsPerSocket} subscriptions per socket`,
    };
  }

  const registered = register(ctx, session, targets);
  if ("code" in registered) return registered;
  const { byBase, attached } = registered;
  session.sendReply(
    reply<SubscriptionAck>(
      { type: "subscription_ack", channels: targets.map((t) => t.text), status: "subscribed" },
      request.id,
    ),
  );

  try {
    await waitSubscribed(attached);
    for (const group of byBase.values()) {
      for (const target of group.targets) {
        if (!session.open) return undefined;
        try {
          await startReference(ctx, session, group.hold, target, request);
        } catch (err) {
          ctx.logger.warn({ err, channel: target.text }, "reading history or the last value failed");
          session.sendError(
            "unavailable",
            `${target.text}: could not read its last value or history`,
            request.id,
          );
        }
      }
    }
  } finally {
    for (const base of byBase.keys()) session.releaseHeld(base);
  }
  return undefined;
}

/**
 * How long a subscribe waits for the bus subscription to become active (a Redis bus that is
 * down waits for its reconnection) before reading the last value anyway: the socket's later
 * commands must not stall behind an outage. Live events flow once the bus resubscribes.
 */
export const BUS_SUBSCRIBE_WAIT_MS = 5000;

async function waitSubscribed(attached: Promise<boolean>[]): Promise<void> {
  if (attached.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BUS_SUBSCRIBE_WAIT_MS);
  });
  await Promise.race([Promise.all(attached), timeout]);
  clearTimeout(timer);
}

type Group = { hold: LiveHold; targets: Target[] };

/**
 * Starts holding each base's live events, then adds the new references and attaches new bases to the hub.
 * If the bus refuses (closed or failing), the command is undone entirely.
 */
function register(
  ctx: GatewayContext,
  session: SubscriberSession,
  targets: Target[],
): { byBase: Map<string, Group>; attached: Promise<boolean>[] } | SubscribeFailure {
  const byBase = new Map<string, Group>();
  const attached: Promise<boolean>[] = [];
  const added: Target[] = [];
  try {
    for (const target of targets) {
      let group = byBase.get(target.ref.name);
      if (!group) {
        group = { hold: session.holdLive(target.ref.name), targets: [] };
        byBase.set(target.ref.name, group);
      }
      group.targets.push(target);
      if (session.subscriptions.has(target.text)) continue;
      added.push(target);
      if (session.subscriptions.add(target.text, target.ref, target.spec)) {
        attached.push(ctx.hub.attach(session, target.ref.name));
      }
    }
    return { byBase, attached };
  } catch (err) {
    ctx.logger.warn({ err }, "subscribing to the bus failed");
    for (const target of added) {
      if (session.subscriptions.remove(target.text, target.ref.name))
        ctx.hub.detach(session, target.ref.name);
    }
    for (const base of byBase.keys()) session.releaseHeld(base);
    return { code: "unavailable", message: "the bus cannot take subscriptions now; try again shortly" };
  }
}

function resolveTargets(
  session: SubscriberSession,
  request: SubscribeRequest,
): { targets: Target[] } | SubscribeFailure {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const input of request.inputs) {
    const resolution = resolveChannel(input);
    if (!resolution.ok) return { code: resolution.code, message: `${clip(input)}: ${resolution.reason}` };
    const allowed = mayRead(session.principal, resolution.spec);
    if (!allowed.ok) return { code: "forbidden_channel", message: `${clip(input)}: ${allowed.reason}` };
    const text = formatChannelRef(resolution.ref);
    if (seen.has(text)) continue;
    seen.add(text);
    targets.push({ text, ref: resolution.ref, spec: resolution.spec });
  }
  const since = request.since;
  if (since === undefined) return { targets };
  if (isResumePoint(since)) {
    if (targets.length !== 1) {
      return {
        code: "invalid_message",
        message: "since: with several channels, map each channel to its {seq, epoch}",
      };
    }
    targets[0]!.since = since;
    return { targets };
  }
  for (const target of targets) {
    const point = since[target.text] ?? since[target.ref.name];
    if (point) target.since = point;
  }
  return { targets };
}

function isResumePoint(value: ResumePoint | Record<string, ResumePoint>): value is ResumePoint {
  return typeof (value as ResumePoint).seq === "number" && typeof (value as ResumePoint).epoch === "string";
}

/** Channel text quoted back in an error message, bounded. */
export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
