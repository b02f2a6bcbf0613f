import type { InfrastructureStatus } from "@wirewatch/protocol";
import { createFamilyBuilder, type FamilyBlock } from "./family-builder.js";
import { sanitizeMetricName } from "./text-format.js";

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * nut_exporter's families from one UPS event of `host`: every numeric NUT variable as
 * `network_ups_tools_<variable, dots → _>{ups}` (text variables are skipped, as nut_exporter
 * does), `network_ups_tools_ups_status{ups,flag}` 1/0 for every decoded status flag, and
 * `network_ups_tools_device_info{ups,mfr,model,serial,firmware,driver}` = 1.
 */
export function upsFamilies(host: string, data: InfrastructureStatus): FamilyBlock[] {
  const b = createFamilyBuilder(host);
  const ups = data.ups;
  if (!ups?.name) return [];
  const base = { ups: ups.name };
  for (const [variable, text] of Object.entries(ups.variables ?? {})) {
    const trimmed = text.trim();
    if (!NUMERIC.test(trimmed)) continue;
    const name = `network_ups_tools_${sanitizeMetricName(variable)}`;
    b.add(name, "gauge", `Value of the NUT variable ${variable}.`, base, Number(trimmed));
  }
  for (const [flag, on] of Object.entries(ups.status_flags ?? {})) {
    b.add(
      "network_ups_tools_ups_status",
      "gauge",
      "UPS status flag (1 when set).",
      { ...base, flag },
      on ? 1 : 0,
    );
  }
  const info = {
    ...base,
    driver: ups.driver ?? "",
    firmware: ups.firmware ?? "",
    mfr: ups.mfr ?? "",
    model: ups.model ?? "",
    serial: ups.serial ?? "",
  };
  b.add("network_ups_tools_device_info", "gauge", "UPS device information.", info, 1);
  return b.blocks();
}
