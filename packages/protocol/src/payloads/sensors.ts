import { z } from "zod";

/** One temperature of `sensors` `temperatures[]` (hwmon `tempN_*`, or a thermal zone). */
export const temperatureReadingSchema = z.looseObject({
  chip: z.string().describe("`<driver>-<bus>-<address>`, e.g. coretemp-isa-0000, nvme-pci-0100"),
  sensor: z.string().describe("the sensor on the chip, e.g. temp1"),
  label: z.string().optional().describe("`tempN_label`, e.g. Package id 0; absent when the chip has none"),
  celsius: z.number().describe("°C, current"),
  max: z.number().nullable().optional().describe("°C, the chip's high limit (`tempN_max`)"),
  crit: z.number().nullable().optional().describe("°C, the chip's critical limit (`tempN_crit`)"),
});
export type TemperatureReading = z.infer<typeof temperatureReadingSchema>;

/** One fan of `sensors` `fans[]` (hwmon `fanN_input`). */
export const fanReadingSchema = z.looseObject({
  chip: z.string(),
  label: z.string().optional(),
  rpm: z.number().describe("revolutions per minute"),
});
export type FanReading = z.infer<typeof fanReadingSchema>;

/**
 * `sensors`: temperatures and fan speeds from hwmon and thermal zones. As designed (architecture §3); no
 * input emits it yet (the built-in temperature alert rules read `temperatures[].celsius` by chip).
 */
export const sensorsSchema = z.looseObject({
  temperatures: z.array(temperatureReadingSchema),
  fans: z.array(fanReadingSchema),
});
export type Sensors = z.infer<typeof sensorsSchema>;
