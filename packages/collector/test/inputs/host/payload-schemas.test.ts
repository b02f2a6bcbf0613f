import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  hostProcessesSchema,
  hostStatsSchema,
  hostStorageSchema,
  raidProgressSchema,
  raidTaskFinishedSchema,
} from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createFakeRoot, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { createHostHarness } from "../../helpers/host-harness.js";
import { unnamedFields } from "../../helpers/unnamed-fields.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const stat = (pid: number, comm: string) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 500 300 0 0 20 0 1 0 10 1000000 10 0\n`;

/** The full shapes in @wirewatch/protocol describe what the host input emits, field for field. */
describe("host input payloads against protocol's full schemas", () => {
  it("system.stats, system.processes, storage.status and the md jobs parse, with no field unnamed", async () => {
    root = await createFakeRoot({
      "proc/stat": fixture("proc/procfs/stat"),
      "proc/meminfo": fixture("proc/procfs/meminfo"),
      "proc/loadavg": fixture("proc/procfs/loadavg"),
      "proc/uptime": fixture("proc/jamescun-procfs/uptime"),
      "proc/net/dev": fixture("proc/procfs/net/dev"),
      "proc/diskstats": fixture("proc/procfs/diskstats"),
      "proc/sys/kernel/osrelease": "6.1.0-28-amd64\n",
      "proc/1/stat": stat(1, "systemd"),
      "proc/1/status": "Name:\tsystemd\nUid:\t0\t0\t0\t0\nVmRSS:\t12000 kB\n",
      "proc/1/cmdline": "/sbin/init\0",
      "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
      "proc/mdstat": fixture("proc/systray-mdstat/mdstat.resync"),
      "proc/1/mounts": "/dev/md0 / ext4 rw 0 0\nserver:/export /mnt/gone nfs4 rw 0 0\n",
      "sys/block/md1/md/sync_action": "resync\n",
    });
    await mkdir(join(root.dir, "mnt"));
    const h = createHostHarness(root);
    await h.run("stats");
    await h.clock.advance(1000);
    await h.run("stats");
    await h.run("processes");
    await h.run("storage");
    await root.write("proc/mdstat", fixture("proc/systray-mdstat/mdstat.ok"));
    await h.clock.advance(10_000);
    await h.run("storage");

    const schemas: Record<string, z.ZodType> = {
      "system.stats": hostStatsSchema,
      "system.processes": hostProcessesSchema,
      "storage.status": hostStorageSchema,
      "command-progress": raidProgressSchema,
      "task-finished": raidTaskFinishedSchema,
    };
    const seen = new Set<string>();
    for (const event of h.publisher.events) {
      if (event.channel === "collector.status") continue;
      const kind = event.channel === "jobs" ? (event.data as { type: string }).type : event.channel;
      const schema = schemas[kind];
      expect(schema, kind).toBeDefined();
      expect(schema!.safeParse(event.data).error, kind).toBeUndefined();
      expect(unnamedFields(schema!, event.data), kind).toEqual([]);
      seen.add(kind);
    }
    expect([...seen].sort()).toEqual(Object.keys(schemas).sort());
    const storage = h.publisher.data<{ unavailable: unknown[] }>("storage.status")[0]!;
    expect(storage.unavailable).toHaveLength(1);
  });
});
