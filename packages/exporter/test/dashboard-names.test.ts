import { afterEach, describe, expect, it } from "vitest";
import { exporterOnBus, fixture, sampleLines } from "./helpers.js";

/**
 * The series Grafana's "Node Exporter Full" (dashboard 1860) queries most, with the labels its
 * queries select or group by. Our output must have each name with exactly these labels
 * (plus `instance`, which Prometheus keeps with `honor_labels: true`).
 */
const NODE_EXPORTER_FULL: readonly [string, readonly string[]][] = [
  ["node_cpu_seconds_total", ["cpu", "mode"]],
  ["node_memory_MemTotal_bytes", []],
  ["node_memory_MemAvailable_bytes", []],
  ["node_memory_MemFree_bytes", []],
  ["node_memory_Buffers_bytes", []],
  ["node_memory_Cached_bytes", []],
  ["node_memory_SwapTotal_bytes", []],
  ["node_memory_SwapFree_bytes", []],
  ["node_filesystem_avail_bytes", ["device", "fstype", "mountpoint"]],
  ["node_filesystem_size_bytes", ["device", "fstype", "mountpoint"]],
  ["node_network_receive_bytes_total", ["device"]],
  ["node_network_transmit_bytes_total", ["device"]],
  ["node_load1", []],
  ["node_load5", []],
  ["node_load15", []],
  ["node_boot_time_seconds", []],
  ["node_time_seconds", []],
  ["node_uname_info", ["domainname", "machine", "nodename", "release", "sysname", "version"]],
  ["node_disk_read_bytes_total", ["device"]],
  ["node_disk_written_bytes_total", ["device"]],
  ["node_disk_io_time_seconds_total", ["device"]],
];

/** name → label-name sets seen, each sorted and joined. */
function labelSets(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of sampleLines(text)) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const names = [...(match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="(?:[^"\\]|\\.)*"/g)].map((m) => m[1]!);
    const set = out.get(match[1]!) ?? new Set();
    set.add(names.sort().join(","));
    out.set(match[1]!, set);
  }
  return out;
}

let env: Awaited<ReturnType<typeof exporterOnBus>>;
afterEach(async () => env?.close());

describe("names and labels of Node Exporter Full's queries", () => {
  it.each(NODE_EXPORTER_FULL)("%s has labels %j", async (name, labels) => {
    env = await exporterOnBus();
    await env.publish(fixture("system-stats"));
    await env.publish(fixture("storage-status"));
    const seen = labelSets(env.exporter.render()).get(name);
    expect(seen, `${name} missing`).toBeDefined();
    expect([...seen!]).toEqual([["instance", ...labels].sort().join(",")]);
  });
});
