/**
 * One UPS's NUT variables → the `infrastructure.status` payload (see ../README.md for every field
 * and unit). Pure: the same variables always give the same payload. Numbers NUT reports as text
 * become numbers (null when absent or not numeric); text is trimmed; the raw variables are kept
 * whole in `ups.variables` for the exporter (nut_exporter names) and for anything not mapped here.
 */
import type { UpsStatusPayload } from "@wirewatch/protocol";
import { decodeUpsStatus } from "./status-flags.js";

/** The payload's type, defined in @wirewatch/protocol with the channel (field by field there). */
export type { UpsStatusPayload };

export interface UpsSample {
  name: string;
  server: string;
  description?: string | null;
  vars: Record<string, string>;
}

/** A NUT number (`230.0`, `-60`, `1.2e3`), or null. */
export function nutNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

function nutText(value: string | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

export function toUpsPayload(sample: UpsSample): UpsStatusPayload {
  const v = sample.vars;
  const num = (...names: string[]) => {
    for (const name of names) {
      const n = nutNumber(v[name]);
      if (n !== null) return n;
    }
    return null;
  };
  const text = (...names: string[]) => names.map((name) => nutText(v[name])).find((t) => t !== null) ?? null;
  const status = (v["ups.status"] ?? "").trim();
  const { flags, other } = decodeUpsStatus(status);
  const load = num("ups.load");
  const realpower = num("ups.realpower");
  const nominalRealpower = num("ups.realpower.nominal");
  const source = flags.OB
    ? "battery"
    : flags.BYPASS
      ? "bypass"
      : flags.OL
        ? "mains"
        : flags.OFF
          ? "off"
          : "unknown";

  return {
    ups: {
      name: sample.name,
      server: sample.server,
      description: nutText(sample.description ?? undefined),
      status,
      status_flags: flags,
      status_other: other,
      alarm: text("ups.alarm"),
      battery_charge: num("battery.charge"),
      battery_charge_low: num("battery.charge.low"),
      battery_runtime: num("battery.runtime"),
      battery_runtime_low: num("battery.runtime.low"),
      battery_voltage: num("battery.voltage"),
      load,
      input_voltage: num("input.voltage"),
      output_voltage: num("output.voltage"),
      temperature: num("ups.temperature", "battery.temperature"),
      model: text("ups.model", "device.model"),
      mfr: text("ups.mfr", "device.mfr"),
      serial: text("ups.serial", "device.serial"),
      firmware: text("ups.firmware"),
      driver: text("driver.name"),
      variables: { ...v },
    },
    power: {
      source,
      input_voltage: num("input.voltage"),
      input_frequency: num("input.frequency"),
      output_voltage: num("output.voltage"),
      output_frequency: num("output.frequency"),
      load_percent: load,
      realpower_watts: realpower,
      estimated_realpower_watts:
        realpower ??
        (load !== null && nominalRealpower !== null ? round1((load * nominalRealpower) / 100) : null),
      apparent_power_va: num("ups.power"),
      nominal_realpower_watts: nominalRealpower,
      nominal_apparent_power_va: num("ups.power.nominal"),
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
