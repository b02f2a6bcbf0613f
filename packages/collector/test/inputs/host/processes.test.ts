import type { HostProcesses } from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeRoot, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { createHostHarness } from "../../helpers/host-harness.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const KiB = 1024;
const MEM_TOTAL = 65429972 * KiB; // jamescun-procfs/meminfo
const round2 = (x: number) => Math.round(x * 100) / 100;

/** /proc/<pid>/stat per proc(5): utime (14), stime (15), num_threads (20), starttime (22), rss (24). */
const stat = (pid: number, comm: string, utime: number, stime: number, start: number) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 ${start} 1000000 10 0\n`;
const status = (name: string, uid: number, rssKb: number) =>
  `Name:\t${name}\nState:\tS (sleeping)\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nVmRSS:\t${rssKb} kB\n`;

// No /proc/<pid> recordings exist in testdata/; these three processes are written here.
async function processRoot(): Promise<FakeRoot> {
  return createFakeRoot({
    "proc/meminfo": fixture("proc/jamescun-procfs/meminfo"),
    "etc/passwd": "root:x:0:0:root:/root:/bin/bash\npostgres:x:112:120::/var/lib/postgresql:/bin/bash\n",
    "proc/1/stat": stat(1, "systemd", 500, 300, 10),
    "proc/1/status": status("systemd", 0, 12_000),
    "proc/1/cmdline": "/sbin/init\0splash\0",
    "proc/812/stat": stat(812, "postgres", 9000, 1000, 2000),
    "proc/812/status": status("postgres", 112, 800_000),
    "proc/812/cmdline": "postgres: checkpointer\0",
    "proc/4000/stat": stat(4000, "node", 100, 20, 90_000),
    "proc/4000/status": status("node", 1001, 250_000),
    "proc/4000/cmdline": "node\0server.js\0",
    "proc/self/stat": "not a pid directory",
  });
}

describe("host input: system.processes", () => {
  it("ranks processes by memory and by CPU share between two samples", async () => {
    root = await processRoot();
    const h = createHostHarness(root, { topProcesses: 2 });
    await h.run("processes");
    const p1 = h.publisher.data<HostProcesses>("system.processes")[0]!;
    expect(p1.total).toBe(3);
    expect(p1.by_memory).toEqual([
      {
        pid: 812,
        name: "postgres",
        username: "postgres",
        rss_bytes: 800_000 * KiB,
        percent_ram: round2(((800_000 * KiB) / MEM_TOTAL) * 100), // 800000 / 65429972 kB = 1.22 %
        cpu_percent: 0, // first sample
        cmdline: "postgres: checkpointer",
        state: "S",
        ppid: 1,
        threads: 1,
      },
      expect.objectContaining({ pid: 4000, username: "1001" }), // uid not in passwd
    ]);
    // first sample: no CPU shares yet, lifetime CPU time orders them (10000, 800, 120 ticks)
    expect(p1.by_cpu.map((p: { pid: number }) => p.pid)).toEqual([812, 1]);

    // 5 s later: node used 400 + 100 ticks (5 s of one CPU at 100 Hz = 500 ticks → 100 %),
    // systemd 25 ticks (5 %); postgres exited and pid 812 now belongs to a new process.
    await root.write("proc/4000/stat", stat(4000, "node", 500, 120, 90_000));
    await root.write("proc/1/stat", stat(1, "systemd", 525, 300, 10));
    await root.write("proc/812/stat", stat(812, "postgres", 9500, 1000, 95_000));
    await h.clock.advance(5000);
    await h.run("processes");
    const p2 = h.publisher.data<HostProcesses>("system.processes")[1]!;
    expect(p2.rate_window_s).toBe(5);
    expect(p2.by_cpu.map((p: { pid: number; cpu_percent: number }) => [p.pid, p.cpu_percent])).toEqual([
      [4000, 100],
      [1, 5],
    ]);
    // the new pid 812 started after the first sample: no CPU share, not 500 ticks' worth
    expect(p2.by_memory.find((p: { pid: number }) => p.pid === 812)).toMatchObject({ cpu_percent: 0 });
    await root.remove("proc/4000");
    await h.clock.advance(5000);
    await h.run("processes");
    const p3 = h.publisher.data<HostProcesses>("system.processes")[2]!;
    expect(p3.total).toBe(2); // pid 4000 vanished: skipped, not an error
    expect(h.statuses().map((s) => s.state)).toEqual(["ok"]);
    h.assertAllValid();
    await h.scheduler.stop();
  });

  it("leaves command lines out when configured to", async () => {
    root = await processRoot();
    const h = createHostHarness(root, { processCmdline: false });
    await h.run("processes");
    const p = h.publisher.data<HostProcesses>("system.processes")[0]!;
    expect(p.by_memory.every((e: Record<string, unknown>) => !("cmdline" in e))).toBe(true);
    await h.scheduler.stop();
  });
});
