/**
 * The rules a user gets without writing any (`alerts.defaults: true`). Each can be changed or
 * turned off field by field with an entry of the same name in `alerts.rules`. An input added
 * later (UPS, SMART, Docker) appends its own defaults here, next to its channel.
 *
 * Imports nothing but types: part of `./rules-config`.
 */
import type { Rule } from "./rule.js";

const MINUTE = 60_000;

/** Chips of CPU temperature sensors (hwmon driver names; chip names are `<driver>-<bus>-<addr>`). */
export const CPU_SENSOR_CHIPS = [
  "coretemp*",
  "k10temp*",
  "k8temp*",
  "zenpower*",
  "cpu_thermal*",
  "via_cputemp*",
];
/** Chips of disk temperature sensors: SATA/SAS through drivetemp, NVMe controllers. */
export const DISK_SENSOR_CHIPS = ["drivetemp*", "nvme*"];

export const DEFAULT_RULES: readonly Rule[] = [
  {
    name: "cpu",
    channel: "system.stats",
    field: "cpu_percent",
    op: ">",
    warning: 90,
    critical: 95,
    clear: { warning: 85, critical: 90 },
    forMs: MINUTE,
    cooldownMs: 5 * MINUTE,
    resource: "cpu",
    unit: "%",
    subject: "CPU usage",
  },
  {
    name: "memory",
    channel: "system.stats",
    field: "memory_percent",
    op: ">",
    warning: 85,
    critical: 95,
    clear: { warning: 80, critical: 90 },
    forMs: MINUTE,
    cooldownMs: 5 * MINUTE,
    resource: "memory",
    unit: "%",
    subject: "Memory usage",
  },
  {
    name: "swap",
    channel: "system.stats",
    field: "swap.percent",
    op: ">",
    warning: 80,
    critical: 95,
    clear: { warning: 75, critical: 90 },
    forMs: 5 * MINUTE,
    cooldownMs: 5 * MINUTE,
    resource: "swap",
    unit: "%",
    subject: "Swap usage",
  },
  {
    name: "filesystem",
    channel: "storage.status",
    field: "disks[].used_percent",
    key: "mountpoint",
    op: ">",
    warning: 85,
    critical: 95,
    clear: { warning: 83, critical: 93 },
    forMs: 0,
    cooldownMs: 5 * MINUTE,
    resource: "disk",
    unit: "%",
    subject: "Filesystem {mountpoint} usage",
  },
  {
    name: "temperature-cpu",
    channel: "sensors",
    field: "temperatures[].celsius",
    key: ["chip", "sensor"],
    match: { chip: CPU_SENSOR_CHIPS },
    op: ">",
    warning: 70,
    critical: 80,
    clear: { warning: 65, critical: 75 },
    forMs: 30_000,
    cooldownMs: 5 * MINUTE,
    sensorType: "cpu",
    unit: "°C",
    subject: "{label|sensor} temperature",
  },
  {
    name: "temperature-disk",
    channel: "sensors",
    field: "temperatures[].celsius",
    key: ["chip", "sensor"],
    match: { chip: DISK_SENSOR_CHIPS },
    op: ">",
    warning: 45,
    critical: 55,
    clear: { warning: 43, critical: 53 },
    forMs: MINUTE,
    cooldownMs: 5 * MINUTE,
    sensorType: "disk",
    unit: "°C",
    subject: "{label|chip} temperature",
  },
  {
    name: "collector-stale",
    channel: "collector.status",
    field: "state",
    key: "input",
    map: { ok: 0, stale: 1, error: 1 },
    op: ">=",
    warning: 1,
    forMs: 0,
    cooldownMs: 0,
    subject: "Collector {input}",
    message: "Collector {input} {raw}: {error|'no fresh data'} (last success: {last_success|'never'})",
    recoveryMessage: "Collector {input} recovered ({raw}) after {firing_for}",
  },
];
