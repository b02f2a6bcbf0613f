import {
  type ChannelRef,
  type ChannelSpec,
  type ResumePoint,
  type ResumeReply,
  reply,
} from "@wirewatch/protocol";
import type { GatewayContext } from "../context.js";
import { fetchReplay, fetchSnapshot, SNAPSHOT_SCAN_EVENTS } from "./bus-reads.js";
import type { LiveHold } from "./live-hold.js";
import type { SubscriberSession } from "./subscriber-session.js";

/** One reference of a subscribe: as written back to the client, parsed, its channel, where to resume. */
export interface Target {
  text: string;
  ref: ChannelRef;
  spec: ChannelSpec;
  since?: ResumePoint;
}

/**
 * The start of one subscribed reference (architecture §4), written while the session holds live
 * events of its base (see live-hold.ts):
 * - without `since`: the last value (unless `snapshot: false`);
 * - with `since`, recovered: the missed events with `recovered: true`, then
 *   `{"type":"resume","recovered":true,"from_seq":<since.seq>,"to_seq":<newest replayed>}`;
 * - with `since`, not recovered (other epoch, outside the window, too many missed):
 *   `{"type":"resume","recovered":false,"from_seq":<since.seq>,"to_seq":<channel's newest seq or 0>}`
 *   and then the last value (unless `snapshot: false`). `epoch` is the channel's current epoch
 *   (empty when the channel has no events).
 */
export async function startReference(
  ctx: GatewayContext,
  session: SubscriberSession,
  hold: LiveHold,
  target: Target,
  request: { snapshot: boolean; id?: string | number },
): Promise<void> {
  const { bus, limits } = ctx;
  const { ref, spec, since, text } = target;
  if (since === undefined) {
    if (!request.snapshot) return;
    for (const event of await fetchSnapshot(bus, spec, ref.host, SNAPSHOT_SCAN_EVENTS)) {
      session.sendOwnEvent(event, false);
    }
    return;
  }
  const replay = await fetchReplay(bus, ref.name, since, limits.maxReplayEvents);
  if (replay.recovered) {
    for (const event of replay.events) {
      if (ref.host === undefined || event.host === ref.host) session.sendOwnEvent(event, true);
    }
    hold.noteReplayed([ref.host], replay.epoch, replay.upto);
    session.sendReply(resumeReply(text, true, replay.epoch, since.seq, replay.upto, request.id));
    return;
  }
  const newest = await bus.last(ref.name);
  const epoch = replay.epoch ?? newest?.epoch ?? "";
  session.sendReply(resumeReply(text, false, epoch, since.seq, newest?.seq ?? 0, request.id));
  if (!request.snapshot) return;
  for (const event of await fetchSnapshot(bus, spec, ref.host, SNAPSHOT_SCAN_EVENTS)) {
    session.sendOwnEvent(event, false);
  }
}

function resumeReply(
  channel: string,
  recovered: boolean,
  epoch: string,
  fromSeq: number,
  toSeq: number,
  id: string | number | undefined,
): ResumeReply {
  return reply<ResumeReply>(
    { type: "resume", channel, recovered, epoch, from_seq: fromSeq, to_seq: toSeq },
    id,
  );
}
