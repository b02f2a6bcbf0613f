import type { BusEvent, ChannelSpec, ResumePoint } from "@wirewatch/protocol";
import type { GatewayBus } from "../bus-port.js";

/** How many retained events a snapshot (and `list_channels`' hosts) scans for the newest event of each host. */
export const SNAPSHOT_SCAN_EVENTS = 200;

/**
 * The snapshot a subscription starts with (architecture §4), "the channel's last value": for a `latest`
 * channel, the newest event of every snapshot key (`ChannelSpec.snapshotKey`: the host, or host +
 * schedule / UPS / disk) the reference admits, among the newest `scanEvents` retained events (a
 * dashboard subscribed to `system.stats` gets each host's current state, to `collector.status`
 * each schedule's); for an `events` channel, only the newest admitted event. Oldest first, so
 * they read like a short replay.
 */
export async function fetchSnapshot(
  bus: GatewayBus,
  spec: ChannelSpec,
  host: string | undefined,
  scanEvents: number,
): Promise<BusEvent[]> {
  if (host === undefined && spec.kind === "events") {
    const last = await bus.last(spec.name);
    return last ? [last] : [];
  }
  const { events } = await bus.history(spec.name, undefined, scanEvents);
  const newest = new Map<string, BusEvent>();
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (host !== undefined && event.host !== host) continue;
    if (spec.kind === "events") return [event];
    const key = spec.snapshotKey(event);
    if (!newest.has(key)) newest.set(key, event);
  }
  return [...newest.values()].sort((a, b) => a.seq - b.seq);
}

/** The missed events and where they end, or why they cannot be replayed (with the channel's epoch, if any). */
export type ReplayResult =
  | { recovered: true; epoch: string; events: BusEvent[]; upto: number }
  | { recovered: false; epoch: string | undefined };

/**
 * The replay a subscription with `since` starts with (architecture §4): every event after the resume
 * point, from `history()`. More than `maxEvents` missed events, another epoch, or a point outside
 * the retained window counts as not recovered.
 */
export async function fetchReplay(
  bus: GatewayBus,
  channel: string,
  since: ResumePoint,
  maxEvents: number,
): Promise<ReplayResult> {
  // One page: the bus only answers `recovered` while `since` is inside its retained window, so
  // everything missed fits in one page of the window's size; events published after the read
  // are live events, held by the session's live hold.
  const page = await bus.history(channel, since, maxEvents + 1);
  if (!page.recovered || page.epoch === undefined || page.epoch !== since.epoch) {
    return { recovered: false, epoch: page.epoch };
  }
  if (page.events.length > maxEvents) return { recovered: false, epoch: page.epoch };
  const events = page.events.filter((e) => e.seq > since.seq);
  return { recovered: true, epoch: page.epoch, events, upto: events.at(-1)?.seq ?? since.seq };
}
