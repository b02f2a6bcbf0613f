import { z } from "zod";

/**
 * The status words of NUT's driver API (docs/new-drivers.txt, "Status data"), in its documented
 * order, with their meaning.
 */
export const UPS_STATUS_FLAG_MEANINGS = {
  OL: "on line (mains)",
  OB: "on battery",
  LB: "low battery",
  HB: "high battery",
  RB: "replace battery",
  CHRG: "charging",
  DISCHRG: "discharging",
  BYPASS: "on bypass",
  CAL: "calibrating",
  OFF: "output off",
  OVER: "overloaded",
  TRIM: "trimming (reducing) a high input voltage",
  BOOST: "boosting a low input voltage",
  FSD: "forced shutdown (set by upsmon primary)",
  ALARM: "an alarm is active: see ups.alarm",
} as const;

export type UpsStatusFlag = keyof typeof UPS_STATUS_FLAG_MEANINGS;

/** The status words of NUT's driver API, in its documented order. */
export const UPS_STATUS_FLAGS = Object.keys(UPS_STATUS_FLAG_MEANINGS) as readonly UpsStatusFlag[];

/** `ups.status_flags`: every word of {@link UPS_STATUS_FLAGS}, true when `ups.status` has it. */
export const upsStatusFlagsSchema = z.looseObject(
  Object.fromEntries(
    UPS_STATUS_FLAGS.map((flag) => [flag, z.boolean().describe(UPS_STATUS_FLAG_MEANINGS[flag])]),
  ) as Record<UpsStatusFlag, z.ZodBoolean>,
);
export type UpsStatusFlags = z.infer<typeof upsStatusFlagsSchema>;

const nut = (variable: string, unit: string) =>
  z.number().nullable().describe(`${unit} (NUT's ${variable}); null when not reported`);
const text = (variable: string) =>
  z.string().nullable().describe(`NUT's ${variable}, trimmed; null when not reported`);

/** The `ups` object of `infrastructure.status`: one UPS's state from NUT's upsd. */
export const upsStateSchema = z.looseObject({
  name: z.string().describe("UPS name in upsd (its ups.conf section)"),
  server: z.string().describe("the upsd it came from, host:port"),
  description: z.string().nullable().describe("upsd's desc for it; null when none"),
  status: z.string().describe("ups.status as reported, e.g. `OB DISCHRG LB`"),
  status_flags: upsStatusFlagsSchema,
  status_other: z.array(z.string()).describe("status words outside NUT's list (e.g. HE), in order"),
  alarm: text("ups.alarm"),
  battery_charge: nut("battery.charge", "%"),
  battery_charge_low: nut("battery.charge.low", "%"),
  battery_runtime: nut("battery.runtime", "s"),
  battery_runtime_low: nut("battery.runtime.low", "s"),
  battery_voltage: nut("battery.voltage", "V"),
  load: nut("ups.load", "% of the UPS's capacity"),
  input_voltage: nut("input.voltage", "V"),
  output_voltage: nut("output.voltage", "V"),
  temperature: nut("ups.temperature, else battery.temperature", "°C"),
  model: text("ups.model, else device.model"),
  mfr: text("ups.mfr, else device.mfr"),
  serial: text("ups.serial, else device.serial"),
  firmware: text("ups.firmware"),
  driver: text("driver.name"),
  variables: z
    .record(z.string(), z.string())
    .describe("every variable upsd reported, name → value as text (for the exporter)"),
});
export type UpsState = z.infer<typeof upsStateSchema>;

/** The `power` object of `infrastructure.status`: where the load's power comes from, and how much it draws. */
export const powerStateSchema = z.looseObject({
  source: z
    .enum(["mains", "battery", "bypass", "off", "unknown"])
    .describe("OB → battery, BYPASS → bypass, OL → mains, OFF → off, else unknown"),
  input_voltage: nut("input.voltage", "V"),
  input_frequency: nut("input.frequency", "Hz"),
  output_voltage: nut("output.voltage", "V"),
  output_frequency: nut("output.frequency", "Hz"),
  load_percent: nut("ups.load", "% of capacity"),
  realpower_watts: nut("ups.realpower", "W drawn"),
  estimated_realpower_watts: z
    .number()
    .nullable()
    .describe("W: ups.realpower when reported, else ups.load × ups.realpower.nominal / 100"),
  apparent_power_va: nut("ups.power", "VA drawn"),
  nominal_realpower_watts: nut("ups.realpower.nominal", "W of capacity"),
  nominal_apparent_power_va: nut("ups.power.nominal", "VA of capacity"),
});
export type PowerState = z.infer<typeof powerStateSchema>;

/**
 * `infrastructure.status` as wirewatch's ups input emits it: one event per UPS per poll (the
 * snapshot key is host + `ups.name`). Field by field: packages/collector/src/inputs/ups/README.md.
 */
export const upsStatusPayloadSchema = z.looseObject({ ups: upsStateSchema, power: powerStateSchema });
export type UpsStatusPayload = z.infer<typeof upsStatusPayloadSchema>;

/**
 * `infrastructure.status` as its channel checks it: a UPS's `name` and `status` when it has `ups`,
 * the rest optional, of the right shape when present.
 */
export const infrastructureStatusSchema = upsStatusPayloadSchema
  .extend({ ups: upsStateSchema.partial().required({ name: true, status: true }) })
  .partial();
export type InfrastructureStatus = z.infer<typeof infrastructureStatusSchema>;
