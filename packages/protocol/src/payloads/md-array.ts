import { z } from "zod";

/** The sync actions of md(4), as mdstat names them. */
export const MD_SYNC_ACTIONS = ["resync", "recovery", "check", "repair", "reshape"] as const;
export type MdSyncAction = (typeof MD_SYNC_ACTIONS)[number];

/** One member device of an md array, from /proc/mdstat's header line (`sda1[0](F)`). */
export const mdMemberSchema = z.looseObject({
  device: z.string().describe("member device, e.g. sda1"),
  slot: z.number().describe("the number in brackets: the member's role slot in the array"),
  role: z
    .enum(["active", "inactive", "failed", "spare", "journal", "replacement"])
    .describe(
      "from the flags: (F) failed, (S) spare, (J) journal, (R) replacement; else active (inactive array: inactive)",
    ),
  write_mostly: z.boolean().describe("(W): a write-mostly member"),
});
export type MdMember = z.infer<typeof mdMemberSchema>;
export type MdMemberRole = MdMember["role"];

/** An md array's sync line: an action running, or waiting (`resync=DELAYED`, `=PENDING`, `=REMOTE`). */
export const mdSyncSchema = z.looseObject({
  action: z.enum(MD_SYNC_ACTIONS),
  status: z.enum(["running", "delayed", "pending", "remote"]).describe("running with progress, or waiting"),
  percent: z.number().nullable().describe("% done as mdstat prints it (one decimal); null unless running"),
  blocks_done: z.number().nullable().describe("progress in 1 KiB blocks"),
  blocks_total: z.number().nullable().describe("1 KiB blocks to go through"),
  finish_seconds: z.number().nullable().describe("s left, estimated (`finish=`); null when absent"),
  speed_bytes_per_sec: z.number().nullable().describe("bytes/s (`speed=`); null when absent"),
});
export type MdSync = z.infer<typeof mdSyncSchema>;

/** One md array of `storage.status` `arrays[]`, from /proc/mdstat and /sys/block/<md>/md. */
export const mdArraySchema = z.looseObject({
  name: z.string().describe("md0, md127, …"),
  state: z
    .string()
    .describe("inactive; else degraded (slots missing); else the running sync action; else active"),
  activity: z.enum(["active", "inactive"]),
  read_only: z.enum(["read-only", "auto-read-only"]).nullable(),
  level: z
    .string()
    .optional()
    .describe("raid1, linear, …; container for external-metadata containers; absent when not shown"),
  members: z.array(mdMemberSchema),
  disks_total: z.number().nullable().describe("`[n/m]`: slots the array has; null without redundancy"),
  disks_active: z.number().nullable().describe("`[n/m]`: slots working; null without redundancy"),
  disks_failed: z.number().describe("members flagged (F)"),
  disks_spare: z.number().describe("members flagged (S)"),
  status: z.string().nullable().describe("`[UU_]`: per slot, U up, _ missing; null without redundancy"),
  degraded: z.boolean().describe("true when a slot is missing"),
  size_bytes: z.number().nullable().describe("bytes (blocks × 1024)"),
  superblock: z
    .string()
    .nullable()
    .describe("superblock format (1.2, external:imsm); null when not shown (0.90)"),
  sync: mdSyncSchema.nullable(),
  sysfs: z
    .record(z.string(), z.string())
    .optional()
    .describe("the /sys/block/<md>/md attributes that exist (array_state, sync_action, …), as text"),
});
export type MdArray = z.infer<typeof mdArraySchema>;
