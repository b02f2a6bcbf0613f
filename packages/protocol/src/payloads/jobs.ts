import { z } from "zod";
import { MD_SYNC_ACTIONS, type MdSyncAction, mdSyncSchema } from "./md-array.js";

/**
 * `jobs`: NZB Flow's task model (queue-update, command-progress, task-finished). Clients publish
 * on it too, so the channel checks only `type`; the typed shapes below are the md RAID jobs
 * wirewatch's host input publishes there.
 */
export const jobsSchema = z.looseObject({
  type: z.enum(["queue-update", "command-progress", "task-finished"]),
});
export type Jobs = z.infer<typeof jobsSchema>;

/** NZB Flow `currentStep` of each md sync action (UPPER_SNAKE, like NZB Flow's own steps). */
export const RAID_STEPS = {
  resync: "RAID_RESYNC",
  recovery: "RAID_RECOVERY",
  check: "RAID_CHECK",
  repair: "RAID_REPAIR",
  reshape: "RAID_RESHAPE",
} as const satisfies Record<MdSyncAction, string>;
export type RaidStep = (typeof RAID_STEPS)[MdSyncAction];

const raidStepSchema = z.enum(Object.values(RAID_STEPS) as [RaidStep, ...RaidStep[]]);
const raidJobId = z.string().describe("raid:<host>:<md name>: one job per array, reused by its next action");

/** `jobs` `command-progress` while an md array has a sync action running or waiting (host input). */
export const raidProgressSchema = z.looseObject({
  type: z.literal("command-progress"),
  id: raidJobId,
  currentStep: raidStepSchema,
  percentage: z
    .number()
    .describe(
      "% (0–100, two decimals, rounded down) from the block counts; a waiting action repeats the last seen, else 0",
    ),
  array: z.string().describe("md name"),
  action: z.enum(MD_SYNC_ACTIONS),
  sync_status: mdSyncSchema.shape.status,
  blocks_done: mdSyncSchema.shape.blocks_done,
  blocks_total: mdSyncSchema.shape.blocks_total,
  finish_seconds: mdSyncSchema.shape.finish_seconds,
  speed_bytes_per_sec: mdSyncSchema.shape.speed_bytes_per_sec,
});
export type RaidProgress = z.infer<typeof raidProgressSchema>;

/** `jobs` `task-finished` when an md action seen in the previous round is no longer there (host input). */
export const raidTaskFinishedSchema = z.looseObject({
  type: z.literal("task-finished"),
  taskConfig: z.looseObject({
    id: raidJobId,
    name: z.string().describe("`<md name> <action>`, e.g. md1 check"),
    status: z
      .enum(["completed", "interrupted"])
      .describe("completed when the array is still there, active and not degraded; else interrupted"),
    output: z.string().describe("what happened, e.g. `md1 check completed; array healthy [2/2] [UU]`"),
    array: z.string(),
    action: z.enum(MD_SYNC_ACTIONS),
    currentStep: raidStepSchema,
    percentage: z.number().describe("the last percentage seen"),
    array_state: z.string().nullable().describe("the array's state now; null when no longer in mdstat"),
    first_seen_at: z.string().describe("ISO 8601: when this collector first saw the action"),
  }),
});
export type RaidTaskFinished = z.infer<typeof raidTaskFinishedSchema>;
export type RaidJobEvent = RaidProgress | RaidTaskFinished;
