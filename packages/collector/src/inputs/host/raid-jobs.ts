import {
  type MdArray,
  type MdSync,
  type MdSyncAction,
  RAID_STEPS,
  type RaidJobEvent,
  type RaidTaskFinished,
} from "@wirewatch/protocol";

/** A sync action seen in one round: what the next round compares against. */
export interface RaidOperation {
  action: MdSyncAction;
  percentage: number;
  firstSeenAt: string;
}

/** The operations of one round, by array name. */
export type RaidOperations = ReadonlyMap<string, RaidOperation>;

/**
 * Turns one round's md arrays into `jobs` events, given what the previous round saw: first a
 * `task-finished` for every action that ended (the array's sync is gone or is another action,
 * or the array is gone), then a `command-progress` for every array with a sync action, in
 * mdstat order. Returns the operations to compare the next round against.
 */
export function raidJobs(
  host: string,
  arrays: readonly MdArray[],
  previous: RaidOperations,
  nowIso: string,
): { events: RaidJobEvent[]; operations: RaidOperations } {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const events: RaidJobEvent[] = [];
  for (const [name, op] of previous) {
    const array = byName.get(name);
    if (array?.sync?.action !== op.action) events.push(finished(host, name, op, array));
  }
  const operations = new Map<string, RaidOperation>();
  for (const array of arrays) {
    const sync = array.sync;
    if (!sync) continue;
    const before = previous.get(array.name);
    const same = before?.action === sync.action ? before : undefined;
    const percentage = percentageOf(sync) ?? same?.percentage ?? 0;
    operations.set(array.name, { action: sync.action, percentage, firstSeenAt: same?.firstSeenAt ?? nowIso });
    events.push({
      type: "command-progress",
      id: raidJobId(host, array.name),
      currentStep: RAID_STEPS[sync.action],
      percentage,
      array: array.name,
      action: sync.action,
      sync_status: sync.status,
      blocks_done: sync.blocks_done,
      blocks_total: sync.blocks_total,
      finish_seconds: sync.finish_seconds,
      speed_bytes_per_sec: sync.speed_bytes_per_sec,
    });
  }
  return { events, operations };
}

export const raidJobId = (host: string, array: string): string => `raid:${host}:${array}`;

function percentageOf(sync: MdSync): number | null {
  if (sync.blocks_done !== null && sync.blocks_total) {
    return Math.min(100, Math.floor((sync.blocks_done * 10_000) / sync.blocks_total) / 100);
  }
  return sync.percent;
}

function finished(
  host: string,
  name: string,
  op: RaidOperation,
  array: MdArray | undefined,
): RaidTaskFinished {
  const completed = array !== undefined && array.activity === "active" && !array.degraded;
  const output = completed
    ? `${name} ${op.action} completed; array healthy${slots(array)}`
    : `${name} ${op.action} interrupted (last seen at ${op.percentage}%): ${
        array === undefined
          ? "array no longer in mdstat"
          : `array ${array.activity === "inactive" ? "inactive" : "degraded"}${slots(array)}`
      }`;
  return {
    type: "task-finished",
    taskConfig: {
      id: raidJobId(host, name),
      name: `${name} ${op.action}`,
      status: completed ? "completed" : "interrupted",
      output,
      array: name,
      action: op.action,
      currentStep: RAID_STEPS[op.action],
      percentage: op.percentage,
      array_state: array?.state ?? null,
      first_seen_at: op.firstSeenAt,
    },
  };
}

/** ` [2/2] [UU]` as mdstat prints it, or nothing for levels without redundancy. */
const slots = (array: MdArray): string =>
  array.status === null || array.disks_total === null
    ? ""
    : ` [${array.disks_total}/${array.disks_active}] [${array.status}]`;
