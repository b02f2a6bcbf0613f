/** Hand-built payloads shaped like protocol's schemas (system.stats, storage.status, sensors, collector.status). */
export function stats(cpu: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cpu_percent: cpu,
    memory_percent: 50,
    memory_used: 8589934592,
    memory_total: 17179869184,
    uptime: 86400,
    load_average: [0.5, 0.7, 0.9],
    network_io: { bytes_sent: 1048576, bytes_recv: 2097152 },
    swap: { total: 1000, used: 100, percent: 10 },
    ...extra,
  };
}

export function storage(used: Record<string, number>): Record<string, unknown> {
  return {
    array_status: "none",
    arrays: [],
    disks: Object.entries(used).map(([mountpoint, percent], index) => ({
      device: `/dev/sd${String.fromCharCode(97 + index)}1`,
      mountpoint,
      fstype: "ext4",
      total: 1000,
      used: percent * 10,
      free: 1000 - percent * 10,
      used_percent: percent,
    })),
  };
}

/** A sensors payload: coretemp package + core, an nvme composite, a drivetemp disk, an acpi zone. */
export function sensors(t: { cpu?: number; core?: number; nvme?: number; disk?: number; acpi?: number }) {
  const temperatures = [
    t.cpu === undefined
      ? null
      : {
          chip: "coretemp-isa-0000",
          sensor: "temp1",
          label: "CPU Package",
          celsius: t.cpu,
          max: 80,
          crit: 100,
        },
    t.core === undefined
      ? null
      : { chip: "coretemp-isa-0000", sensor: "temp2", label: "Core 0", celsius: t.core },
    t.nvme === undefined
      ? null
      : { chip: "nvme-pci-0100", sensor: "temp1", label: "Composite", celsius: t.nvme },
    t.disk === undefined ? null : { chip: "drivetemp-scsi-0-0", sensor: "temp1", celsius: t.disk },
    t.acpi === undefined ? null : { chip: "acpitz-acpi-0", sensor: "temp1", celsius: t.acpi },
  ].filter((x) => x !== null);
  return { temperatures, fans: [{ chip: "nct6775-isa-0290", label: "fan1", rpm: 900 }] };
}

export function status(input: string, state: "ok" | "stale" | "error", error: string | null = null) {
  return {
    input,
    state,
    last_success: state === "ok" ? "2025-06-19T14:30:00.000Z" : null,
    error,
    since: "2025-06-19T14:30:00.000Z",
    consecutive_errors: state === "error" ? 1 : 0,
    interval_ms: 1000,
  };
}
