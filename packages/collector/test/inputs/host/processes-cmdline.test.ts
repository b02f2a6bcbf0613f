import type { HostProcesses } from "@wirewatch/protocol";
import { silentLogger } from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { CollectorError } from "../../../src/errors.js";
import { createInlineRunner } from "../../../src/inline-runner.js";
import { hostConfigSchema } from "../../../src/inputs/host/config.js";
import { createLocalHostSource } from "../../../src/inputs/host/files.js";
import type { HostSource } from "../../../src/inputs/host/host-source.js";
import { createProcessesTask } from "../../../src/inputs/host/processes.js";
import { createScheduler } from "../../../src/scheduler.js";
import { createFakeRoot, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { createRecordingPublisher } from "../../helpers/recording-publisher.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const stat = (pid: number, comm: string, ticks: number) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${ticks} 0 0 0 20 0 1 0 ${pid} 1000000 10 0\n`;
const status = (name: string, rssKb: number) => `Name:\t${name}\nUid:\t0\t0\t0\t0\nVmRSS:\t${rssKb} kB\n`;

/** Four processes; pid 30 is the largest, and its cmdline read fails as given. */
async function run(cmdlineError: string | null, config: Record<string, unknown> = {}) {
  root = await createFakeRoot({
    "proc/meminfo": fixture("proc/jamescun-procfs/meminfo"),
    "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
    ...Object.fromEntries(
      [10, 20, 30, 40].flatMap((pid) => [
        [`proc/${pid}/stat`, stat(pid, `p${pid}`, pid)],
        [`proc/${pid}/status`, status(`p${pid}`, pid * 1000)],
        [`proc/${pid}/cmdline`, `/bin/p${pid}\0--flag\0`],
      ]),
    ),
  });
  const real = createLocalHostSource(root.paths);
  const cmdlineReads: string[] = [];
  const files: HostSource = {
    ...real,
    async readOptional(path, signal) {
      if (path.endsWith("/cmdline")) cmdlineReads.push(path.slice(root!.paths.proc.length));
      if (cmdlineError && path.endsWith("/30/cmdline")) {
        throw new CollectorError("WW_COLLECTOR_READ", `${path}: ${cmdlineError}`, {
          file: path,
          cause: Object.assign(new Error(cmdlineError), { code: cmdlineError }),
        });
      }
      return real.readOptional(path, signal);
    },
  };
  const clock = createManualClock();
  const publisher = createRecordingPublisher();
  const scheduler = createScheduler({ publisher, clock, host: "nas1", logger: silentLogger });
  const hostConfig = hostConfigSchema.parse({ paths: root.paths, topProcesses: 2, ...config });
  const ctx = { host: "nas1", runner: createInlineRunner({ clock }), clock, logger: silentLogger };
  const tasks = [createProcessesTask(hostConfig, ctx, files)];
  scheduler.add({ name: "host", tasks, close: async () => {} });
  await scheduler.runNow("host.processes");
  await scheduler.stop();
  return { publisher, cmdlineReads };
}

describe("host input: system.processes command lines", () => {
  it("reads the command lines of the listed processes only", async () => {
    const { publisher, cmdlineReads } = await run(null);
    const p = publisher.data<HostProcesses>("system.processes")[0]!;
    expect(p.total).toBe(4);
    expect(p.by_memory.map((e) => [e.pid, e.cmdline])).toEqual([
      [40, "/bin/p40 --flag"],
      [30, "/bin/p30 --flag"],
    ]);
    expect(p.by_cpu.map((e) => e.pid)).toEqual([40, 30]);
    expect(cmdlineReads.sort()).toEqual(["/30/cmdline", "/40/cmdline"]);
  });

  it("drops a listed process that exited before its command line was read, as if its stat had failed", async () => {
    const { publisher, cmdlineReads } = await run("ESRCH");
    const p = publisher.data<HostProcesses>("system.processes")[0]!;
    expect(p.total).toBe(3);
    expect(p.by_memory.map((e) => [e.pid, e.cmdline])).toEqual([
      [40, "/bin/p40 --flag"],
      [20, "/bin/p20 --flag"],
    ]);
    expect(p.by_cpu.map((e) => e.pid)).toEqual([40, 20]);
    expect(cmdlineReads.sort()).toEqual(["/20/cmdline", "/30/cmdline", "/40/cmdline"]);
    expect(publisher.data<{ state: string }>("collector.status").map((s) => s.state)).toEqual(["ok"]);
  });

  it("fails the round on any other read error, as before", async () => {
    const { publisher } = await run("EIO");
    expect(publisher.data("system.processes")).toEqual([]);
    expect(publisher.data<{ state: string; error: string }>("collector.status")[0]).toMatchObject({
      state: "error",
    });
  });

  it("reads no command line at all when they are left out", async () => {
    const { publisher, cmdlineReads } = await run(null, { processCmdline: false });
    expect(publisher.data<HostProcesses>("system.processes")[0]!.total).toBe(4);
    expect(cmdlineReads).toEqual([]);
  });
});
