import type { HostStats } from "@wirewatch/protocol";
import { readTestdata } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeRoot, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { bump, createHostHarness } from "../../helpers/host-harness.js";
import { T0 } from "../../helpers/manual-clock.js";

const KiB = 1024;
const round2 = (x: number) => Math.round(x * 100) / 100;
let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

describe("host input: system.stats on a modern host (several recordings combined)", () => {
  it("emits the UMA fields, swap, per-core CPU and counters, then rates from the second sample", async () => {
    root = await createFakeRoot({
      "proc/stat": fixture("proc/node_exporter/stat"),
      "proc/meminfo": fixture("proc/jamescun-procfs/meminfo"),
      "proc/loadavg": fixture("proc/node_exporter/loadavg"),
      "proc/uptime": fixture("proc/jamescun-procfs/uptime"),
      "proc/net/dev": fixture("proc/procfs/net/dev"),
      "proc/diskstats": fixture("proc/jamescun-procfs/diskstats"),
      "proc/sys/kernel/ostype": "Linux\n",
      "proc/sys/kernel/osrelease": "6.1.0-28-amd64\n",
      "proc/sys/kernel/version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)\n",
    });
    const h = createHostHarness(root);
    await h.run("stats");

    const [first] = h.publisher.events.filter((e) => e.channel === "system.stats");
    expect(first).toMatchObject({ host: "nas1", timestamp: new Date(T0).toISOString() });
    const s1 = first?.data as HostStats;
    // MemTotal 65429972 kB, MemAvailable 63242600 kB → used 2187372 kB, 2187372 / 65429972 = 3.34 %
    expect(s1.memory_total).toBe(65429972 * KiB);
    expect(s1.memory_used).toBe(2187372 * KiB);
    expect(s1.memory_percent).toBe(round2((2187372 / 65429972) * 100));
    expect(s1.memory_available_estimated).toBe(false);
    expect(s1.swap).toEqual({ total: 33520636 * KiB, used: 0, free: 33520636 * KiB, percent: 0 });
    expect(s1.uptime).toBe(16072645.2);
    expect(s1.boot_time).toBe(1418183276);
    expect(s1.load_average).toEqual([0.21, 0.37, 0.39]);
    expect(s1.uname).toEqual({
      sysname: "Linux",
      release: "6.1.0-28-amd64",
      version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)",
      machine: process.arch === "x64" ? "x86_64" : expect.any(String),
    });
    // first sample: no window, so no CPU share and no rates
    expect(s1.cpu_percent).toBe(0);
    expect(s1.cpu_per_core).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(s1.rate_window_s).toBe(0);
    // network totals leave lo out: vethf345468 648 + docker0 2568 + eth0 874354587 received,
    // 438 + 438 + 563352563 sent
    expect(s1.network_io).toMatchObject({
      bytes_recv: 648 + 2568 + 874354587,
      bytes_sent: 438 + 438 + 563352563,
      bytes_recv_per_sec: 0,
      bytes_sent_per_sec: 0,
    });
    expect(s1.network_io.interfaces.map((i: { name: string }) => i.name)).toEqual([
      "vethf345468",
      "docker0",
      "eth0",
    ]);
    // counters for the exporter: cpu0 44490 user ticks = 444.9 s; every interface, lo included
    expect(s1.counters.cpu[0]).toMatchObject({ cpu: "0", user: 444.9, idle: 10870.69, guest: 0.02 });
    expect(s1.counters.boot_time).toBe(1418183276);
    expect(s1.counters.meminfo.MemAvailable_bytes).toBe(63242600 * KiB);
    expect(s1.counters.network.map((d: { device: string }) => d.device)).toEqual([
      "vethf345468",
      "lo",
      "docker0",
      "eth0",
    ]);
    // partitions (nvme1n1p1…) are left out, whole disks and md arrays kept
    expect(s1.counters.disks.map((d: { device: string }) => d.device)).toEqual([
      "nvme1n1",
      "nvme0n1",
      "md0",
      "md2",
      "md1",
    ]);

    // Second sample 2 s later, with known increments on the recorded counters.
    let stat = readTestdata("proc/node_exporter/stat");
    stat = bump(stat, "cpu", { 1: 150, 3: 50, 4: 700, 5: 100 }); // user +150 system +50 idle +700 iowait +100
    stat = bump(stat, "cpu0", { 1: 150, 3: 50, 4: 200, 5: 100 }); // 500 ticks, 200 busy
    stat = bump(stat, "cpu1", { 4: 500 }); // 500 idle ticks
    await root.write("proc/stat", stat);
    let netDev = readTestdata("proc/procfs/net/dev");
    netDev = bump(netDev, "eth0:", { 1: 2_000_000, 9: 500_000 });
    netDev = bump(netDev, "lo:", { 1: 10_000_000 });
    await root.write("proc/net/dev", netDev);
    // md2: writes +100, sectors written +4096, ms doing I/O +500
    await root.write(
      "proc/diskstats",
      bump(readTestdata("proc/jamescun-procfs/diskstats"), "md2", { 7: 100, 9: 4096, 12: 500 }),
    );
    await h.clock.advance(2000);
    await h.run("stats");

    const s2 = h.publisher.data<HostStats>("system.stats")[1]!;
    expect(s2.rate_window_s).toBe(2);
    // all CPUs: busy (150 + 50) / 1000 ticks = 20 %; cpu0: 200 / 500 = 40 %; cpu1: 0 / 500 = 0 %
    expect(s2.cpu_percent).toBe(20);
    expect(s2.cpu_per_core).toEqual([40, 0, 0, 0, 0, 0, 0, 0]);
    expect(s2.cpu_modes_percent).toEqual({
      user: 15,
      nice: 0,
      system: 5,
      idle: 70,
      iowait: 10,
      irq: 0,
      softirq: 0,
      steal: 0,
    });
    // eth0 +2 000 000 B received and +500 000 B sent in 2 s; lo is not counted
    expect(s2.network_io).toMatchObject({
      bytes_recv: 648 + 2568 + 874354587 + 2_000_000,
      bytes_recv_per_sec: 1_000_000,
      bytes_sent_per_sec: 250_000,
    });
    expect(s2.network_io.interfaces[2]).toMatchObject({
      name: "eth0",
      bytes_recv_per_sec: 1_000_000,
      bytes_sent_per_sec: 250_000,
    });
    expect(s2.counters.network[1]).toMatchObject({ device: "lo", receive_bytes: 1664039048 + 10_000_000 });
    // md2: 4096 sectors × 512 B / 2 s = 1 MiB/s; 100 writes / 2 s; 500 ms busy in 2000 ms = 25 %
    expect(s2.disk_io.find((d: { device: string }) => d.device === "md2")).toEqual({
      device: "md2",
      read_bytes_per_sec: 0,
      write_bytes_per_sec: 1048576,
      reads_per_sec: 0,
      writes_per_sec: 50,
      busy_percent: 25,
    });

    expect(h.statuses().map((s) => [s.input, s.state])).toEqual([["host.stats", "ok"]]);
    h.assertAllValid();
    await h.scheduler.stop();
  });
});

describe("host input: system.stats on an older kernel layout", () => {
  it("estimates available memory and reports no network, disks or uname when those files are absent", async () => {
    root = await createFakeRoot({
      "proc/stat": fixture("proc/procfs/stat"),
      "proc/meminfo": fixture("proc/node_exporter/meminfo"),
      "proc/loadavg": fixture("proc/procfs/loadavg"),
      "proc/uptime": "370.78 533.52\n",
    });
    const h = createHostHarness(root);
    await h.run("stats");
    const s = h.publisher.data<HostStats>("system.stats")[0]!;
    // (MemTotal 3742148 − estimated available 629332) / 3742148 = 83.18 %
    expect(s.memory_percent).toBe(round2(((3742148 - 629332) / 3742148) * 100));
    expect(s.memory_available_estimated).toBe(true);
    // SwapTotal 4194300, SwapFree 3155360 → 1038940 kB used = 24.77 %
    expect(s.swap).toEqual({
      total: 4194300 * KiB,
      used: 1038940 * KiB,
      free: 3155360 * KiB,
      percent: round2((1038940 / 4194300) * 100),
    });
    expect(s.network_io).toMatchObject({ bytes_sent: 0, bytes_recv: 0, interfaces: [] });
    expect(s.disk_io).toEqual([]);
    expect(s.uname).toMatchObject({ sysname: null, release: null, version: null });
    expect(s.cpu_count).toBe(8);
    expect(h.statuses()[0]?.state).toBe("ok");
    h.assertAllValid();
    await h.scheduler.stop();
  });
});
