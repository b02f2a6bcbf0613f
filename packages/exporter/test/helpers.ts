import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryBus } from "@wirewatch/bus";
import type { DraftEvent } from "@wirewatch/protocol";
import { createExporter, type Exporter, type ExporterOptions } from "../src/index.js";

/** The parts of the recorded system.stats payload the tests read or change. */
export interface RecordedStats {
  load_average: number[];
  boot_time: number;
  counters: {
    cpu: { cpu: string; user: number; nice: number; idle: number; guest_nice: number }[];
    meminfo: Record<string, number>;
    network: { device: string; receive_bytes: number }[];
    disks: { device: string; read_bytes: number; io_time_seconds: number }[];
  };
}

/** The recorded system.stats event (host nas1, two CPUs) with its payload typed. */
export function statsFixture(): DraftEvent<RecordedStats> & { timestamp: string } {
  return fixture("system-stats") as DraftEvent<RecordedStats> & { timestamp: string };
}

/** A recorded-shaped event from test/fixtures (system-stats, storage-status, ups-status). */
export function fixture(name: string): DraftEvent {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as DraftEvent;
}

/** A `collector.status` event as the scheduler publishes it (task health of `host.stats` unless changed). */
export const collectorStatusEvent = (host: string, data: Record<string, unknown>): DraftEvent => ({
  channel: "collector.status",
  host,
  data: { input: "host.stats", state: "ok", last_success: null, error: null, ...data },
});

/** A `resource.alert` event as the alert engine publishes it (memory on nas1 unless changed). */
export const alertEvent = (
  state: "firing" | "resolved" | "unknown",
  extra: Record<string, unknown> = {},
): DraftEvent => ({
  channel: "resource.alert",
  host: "nas1",
  data: {
    resource: "memory",
    value: 91.5,
    threshold: 90,
    level: state === "resolved" ? "ok" : "critical",
    state,
    message: "Memory used 91.5% (threshold 90.0%)",
    alert_id: "memory:nas1:-",
    rule: "memory",
    key: null,
    severity: "critical",
    ...extra,
  },
});

/** A real MemoryBus with an exporter subscribed; `publish` waits until handlers ran. */
export async function exporterOnBus(options: Omit<ExporterOptions, "bus"> = {}) {
  const bus = createMemoryBus({});
  const exporter: Exporter = createExporter({ bus, ...options });
  const publish = async (draft: DraftEvent) => {
    await bus.publish(draft);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    bus,
    exporter,
    publish,
    close: async () => {
      exporter.close();
      await bus.close();
    },
  };
}

/** The `name{labels} value` lines of `text` (no comments). */
export function sampleLines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
}

/** Runs `promtool <args>` with `stdin`; resolves with its exit code and output. */
export function promtool(args: readonly string[], stdin?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile("promtool", [...args], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      if (error && typeof error.code === "string") {
        reject(new Error(`promtool: ${error.message} (install Debian's prometheus)`));
        return;
      }
      resolve({ code, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(stdin ?? "");
  });
}

/** Writes `text` to a file in a fresh temp dir, runs `use(path)`, removes the dir. */
export async function withTempFile<T>(
  name: string,
  text: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-exporter-"));
  try {
    const path = join(dir, name);
    await writeFile(path, text);
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
