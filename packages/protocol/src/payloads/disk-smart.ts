import { z } from "zod";

/**
 * `disk.smart`: the SMART health and key counters of one physical device per event (the snapshot
 * key is host + `device`). As designed (architecture §3); no input emits it yet, so beyond `device` and
 * `passed` every field is optional.
 */
export const diskSmartSchema = z.looseObject({
  device: z.string().describe("device path or name, e.g. /dev/sda, nvme0"),
  model: z.string().optional(),
  serial: z.string().optional(),
  protocol: z.string().optional().describe("ATA, NVMe or SCSI (smartctl's device.protocol)"),
  passed: z.boolean().nullable().describe("overall health self-assessment; null when the device gives none"),
  temperature_celsius: z.number().nullable().optional().describe("°C, current"),
  power_on_hours: z.number().nullable().optional().describe("h powered on"),
  reallocated_sectors: z.number().nullable().optional().describe("ATA attribute 5, raw count"),
  pending_sectors: z.number().nullable().optional().describe("ATA attribute 197, raw count"),
  crc_errors: z.number().nullable().optional().describe("ATA attribute 199 (UDMA CRC errors), raw count"),
  media_errors: z.number().nullable().optional().describe("NVMe media and data integrity errors"),
  percentage_used: z.number().nullable().optional().describe("% of rated endurance used (NVMe)"),
  smartctl_exit_status: z
    .number()
    .optional()
    .describe(
      "smartctl's exit status: a bit mask (bit 3: disk failing, bit 4: prefail attributes below threshold, …)",
    ),
});
export type DiskSmart = z.infer<typeof diskSmartSchema>;
