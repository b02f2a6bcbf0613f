import { z } from "zod";
import { mdArraySchema, mdMemberSchema } from "./md-array.js";

/** One filesystem of `storage.status` `disks[]`, from statfs(2); sizes in bytes. */
export const filesystemUsageSchema = z.looseObject({
  device: z.string(),
  mountpoint: z.string(),
  fstype: z.string(),
  total: z.number().nonnegative().describe("bytes: blocks × block size (node_filesystem_size_bytes)"),
  used: z.number().nonnegative().describe("bytes: (blocks − free blocks) × block size, df's Used"),
  free: z
    .number()
    .nonnegative()
    .describe("bytes available to unprivileged users, df's Avail (node_filesystem_avail_bytes)"),
  used_percent: z.number().describe("%: used / (used + free), df's Use% (reserved blocks excluded)"),
  reserved: z.number().describe("bytes reserved for root (free including reserved = free + reserved)"),
  files: z.number().describe("inodes"),
  files_free: z.number().describe("free inodes"),
  readonly: z.boolean().describe("mounted with `ro`"),
});
export type FilesystemUsage = z.infer<typeof filesystemUsageSchema>;

/** A filesystem whose statfs failed or timed out (node_filesystem_device_error 1). */
export const unavailableFilesystemSchema = z.looseObject({
  device: z.string(),
  mountpoint: z.string(),
  fstype: z.string(),
  error: z.string().describe("why, e.g. `statfs did not answer within 5000 ms`"),
});
export type UnavailableFilesystem = z.infer<typeof unavailableFilesystemSchema>;

/**
 * `storage.status` as wirewatch's host input emits it: md arrays and mounted filesystems (UMA's
 * `array_status` + `disks`). Field by field: packages/collector/src/inputs/host/README.md.
 */
export const hostStorageSchema = z.looseObject({
  array_status: z
    .string()
    .describe(
      "one word for all arrays: none, healthy, checking, resyncing, degraded or inactive (worst wins)",
    ),
  arrays: z.array(mdArraySchema),
  disks: z.array(filesystemUsageSchema),
  unavailable: z.array(unavailableFilesystemSchema),
});
export type HostStorage = z.infer<typeof hostStorageSchema>;

/**
 * `storage.status` as its channel checks it: `array_status`, and per array its name, state and
 * members' devices, per filesystem the usage UMA documents; the rest optional, of the right shape
 * when present.
 */
export const storageStatusSchema = hostStorageSchema
  .extend({
    arrays: z.array(
      mdArraySchema
        .extend({ members: z.array(mdMemberSchema.partial().required({ device: true })) })
        .partial()
        .required({ name: true, state: true, members: true }),
    ),
    disks: z.array(
      filesystemUsageSchema.partial({ reserved: true, files: true, files_free: true, readonly: true }),
    ),
  })
  .partial({ unavailable: true });
export type StorageStatus = z.infer<typeof storageStatusSchema>;
