import { afterEach, describe, expect, it } from "vitest";
import { exporterOnBus, fixture, sampleLines, statsFixture } from "./helpers.js";

const stats = statsFixture();
const storage = fixture("storage-status");
const ups = fixture("ups-status");
let env: Awaited<ReturnType<typeof exporterOnBus>>;

afterEach(async () => env?.close());

const sampleValue = (text: string, series: string): number | undefined => {
  const line = sampleLines(text).find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("exporter on a MemoryBus", () => {
  it("turns system.stats counters into node_exporter's cumulative series", async () => {
    env = await exporterOnBus();
    await env.publish(stats);
    const text = env.exporter.render();
    const cpu0 = stats.data.counters.cpu[0]!;
    expect(sampleValue(text, `node_cpu_seconds_total{instance="nas1",cpu="${cpu0.cpu}",mode="idle"}`)).toBe(
      cpu0.idle,
    );
    expect(sampleValue(text, `node_cpu_seconds_total{instance="nas1",cpu="${cpu0.cpu}",mode="user"}`)).toBe(
      cpu0.user,
    );
    expect(sampleValue(text, 'node_cpu_guest_seconds_total{instance="nas1",cpu="0",mode="nice"}')).toBe(
      cpu0.guest_nice,
    );
    const mem = stats.data.counters.meminfo;
    expect(sampleValue(text, 'node_memory_MemTotal_bytes{instance="nas1"}')).toBe(mem.MemTotal_bytes);
    expect(sampleValue(text, 'node_memory_MemAvailable_bytes{instance="nas1"}')).toBe(mem.MemAvailable_bytes);
    const net = stats.data.counters.network[0]!;
    expect(
      sampleValue(text, `node_network_receive_bytes_total{instance="nas1",device="${net.device}"}`),
    ).toBe(net.receive_bytes);
    const disk = stats.data.counters.disks[0]!;
    expect(sampleValue(text, `node_disk_read_bytes_total{instance="nas1",device="${disk.device}"}`)).toBe(
      disk.read_bytes,
    );
    expect(
      sampleValue(text, `node_disk_io_time_seconds_total{instance="nas1",device="${disk.device}"}`),
    ).toBe(disk.io_time_seconds);
    expect(sampleValue(text, 'node_load1{instance="nas1"}')).toBe(stats.data.load_average[0]);
    expect(sampleValue(text, 'node_load15{instance="nas1"}')).toBe(stats.data.load_average[2]);
    expect(sampleValue(text, 'node_boot_time_seconds{instance="nas1"}')).toBe(stats.data.boot_time);
    expect(sampleValue(text, 'node_time_seconds{instance="nas1"}')).toBe(Date.parse(stats.timestamp!) / 1000);
    expect(text).toContain("# TYPE node_cpu_seconds_total counter\n");
    expect(text).toContain("# TYPE node_load1 gauge\n");
    expect(sampleLines(text).find((l) => l.startsWith("node_uname_info"))).toBe(
      'node_uname_info{instance="nas1",domainname="(none)",machine="x86_64",nodename="nas1",release="6.1.0-28-amd64",sysname="Linux",version="#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"} 1',
    );
  });

  it("emits node_uname_info with what is known when the payload has no uname", async () => {
    env = await exporterOnBus();
    const old = statsFixture();
    delete (old.data as { uname?: unknown }).uname;
    await env.publish(old);
    expect(sampleLines(env.exporter.render()).find((l) => l.startsWith("node_uname_info"))).toBe(
      'node_uname_info{instance="nas1",domainname="(none)",machine="",nodename="nas1",release="",sysname="Linux",version=""} 1',
    );
  });

  it("keeps only the latest event per host and source", async () => {
    env = await exporterOnBus();
    await env.publish(stats);
    const later = structuredClone(stats);
    later.data.load_average = [7.5, 6.25, 5];
    later.data.counters.network = [];
    await env.publish(later);
    const text = env.exporter.render();
    expect(sampleValue(text, 'node_load1{instance="nas1"}')).toBe(7.5);
    expect(sampleLines(text).filter((l) => l.startsWith("node_load1{"))).toHaveLength(1);
    expect(text).not.toContain("node_network_receive_bytes_total");
  });

  it("maps storage.status to node_filesystem_* with device_error for unavailable mounts", async () => {
    env = await exporterOnBus();
    await env.publish(storage);
    const text = env.exporter.render();
    const root = '{instance="nas1",device="/dev/sda1",fstype="ext4",mountpoint="/"}';
    expect(sampleValue(text, `node_filesystem_size_bytes${root}`)).toBe(105089261568);
    expect(sampleValue(text, `node_filesystem_avail_bytes${root}`)).toBe(59694018560);
    expect(sampleValue(text, `node_filesystem_free_bytes${root}`)).toBe(59694018560 + 5388496896);
    expect(sampleValue(text, `node_filesystem_readonly${root}`)).toBe(0);
    const nfs = '{instance="nas1",device="nfs1:/export",fstype="nfs4",mountpoint="/mnt/nfs"}';
    expect(sampleValue(text, `node_filesystem_device_error${nfs}`)).toBe(1);
    expect(text).not.toContain(`node_filesystem_size_bytes${nfs}`);
  });

  it("maps a UPS event to nut_exporter's network_ups_tools_* series", async () => {
    env = await exporterOnBus();
    await env.publish(ups);
    const text = env.exporter.render();
    expect(sampleValue(text, 'network_ups_tools_battery_charge{instance="nas1",ups="ups"}')).toBe(100);
    expect(sampleValue(text, 'network_ups_tools_battery_runtime{instance="nas1",ups="ups"}')).toBe(1530);
    expect(sampleValue(text, 'network_ups_tools_ups_status{instance="nas1",ups="ups",flag="OL"}')).toBe(1);
    expect(sampleValue(text, 'network_ups_tools_ups_status{instance="nas1",ups="ups",flag="OB"}')).toBe(0);
    expect(text).not.toContain("network_ups_tools_ups_mfr");
    expect(text).toMatch(
      /^network_ups_tools_device_info\{instance="nas1",ups="ups",.*model="CP1500PFCLCD".*\} 1$/m,
    );
  });

  it("serves many hosts with one HELP/TYPE per family, or one host with ?target", async () => {
    env = await exporterOnBus();
    await env.publish(stats);
    await env.publish({ ...stats, host: "nas2" });
    const text = env.exporter.render();
    expect(text.match(/^# TYPE node_load1 gauge$/gm)).toHaveLength(1);
    expect(sampleLines(text).filter((l) => l.startsWith("node_load1{"))).toEqual([
      `node_load1{instance="nas1"} ${stats.data.load_average[0]}`,
      `node_load1{instance="nas2"} ${stats.data.load_average[0]}`,
    ]);
    expect(env.exporter.hosts()).toEqual(["nas1", "nas2"]);

    const one = env.exporter.render({ target: "nas2" });
    expect(one).not.toContain("instance=");
    expect(sampleLines(one)).toContain(`node_load1 ${stats.data.load_average[0]}`);
    expect(sampleLines(one)).toContain(
      `node_cpu_seconds_total{cpu="0",mode="idle"} ${stats.data.counters.cpu[0]!.idle}`,
    );
    expect(env.exporter.render({ target: "unknown" })).toBe("");
  });

  it("drops a host's series once it has been silent for staleAfterMs", async () => {
    let now = 1_000_000;
    env = await exporterOnBus({ nowMs: () => now, staleAfterMs: 60_000 });
    await env.publish(stats);
    now += 30_000;
    await env.publish({ ...stats, host: "nas2" });
    now += 40_000;
    const text = env.exporter.render();
    expect(text).not.toContain('instance="nas1"');
    expect(text).toContain('instance="nas2"');
    expect(env.exporter.hosts()).toEqual(["nas2"]);
  });

  it("ignores other channels' shapes and stops after close()", async () => {
    env = await exporterOnBus();
    await env.publish({ channel: "infrastructure.status", host: "nas1", data: { docker: [] } });
    await env.publish({ channel: "system.stats", host: "nas1", data: "garbled" });
    expect(env.exporter.render()).toBe("");
    env.exporter.close();
    await env.publish(stats);
    expect(env.exporter.render()).toBe("");
  });
});
