import { z } from "zod";

const filesystemSchema = z.looseObject({
  device: z.string(),
  mountpoint: z.string(),
  fstype: z.string(),
  total: z.number().nonnegative(),
  used: z.number().nonnegative(),
  free: z.number().nonnegative(),
  used_percent: z.number(),
});

const arraySchema = z.looseObject({
  name: z.string(),
  level: z.string().optional(),
  state: z.string(),
  members: z.array(z.looseObject({ device: z.string(), role: z.string().optional() })),
});

/** `storage.status`: md arrays and mounted filesystems (UMA's `array_status` + `disks`). */
export const storageStatusSchema = z.looseObject({
  array_status: z.string(),
  arrays: z.array(arraySchema),
  disks: z.array(filesystemSchema),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;

/** `disk.smart`: one physical device per event. */
export const diskSmartSchema = z.looseObject({
  device: z.string(),
  model: z.string().optional(),
  serial: z.string().optional(),
  protocol: z.string().optional(),
  passed: z.boolean().nullable(),
});

/** `sensors`: temperatures and fans from hwmon and thermal zones. */
export const sensorsSchema = z.looseObject({
  temperatures: z.array(
    z.looseObject({
      chip: z.string(),
      sensor: z.string(),
      label: z.string().optional(),
      celsius: z.number(),
    }),
  ),
  fans: z.array(z.looseObject({ chip: z.string(), label: z.string().optional(), rpm: z.number() })),
});
