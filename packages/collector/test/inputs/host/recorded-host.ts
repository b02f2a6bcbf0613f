import { z } from "zod";
import type { Collector } from "../../../src/collector.js";
import { hostConfigSchema } from "../../../src/inputs/host/config.js";
import { createLocalHostSource } from "../../../src/inputs/host/files.js";
import type { FsStats, HostSource } from "../../../src/inputs/host/host-source.js";
import { createHostCollector } from "../../../src/inputs/host/index.js";
import type { InputContext } from "../../../src/registry.js";
import { createFakeRoot, type FakeFile, type FakeRoot } from "../../helpers/fake-root.js";
import { createStall, type Stall } from "../../helpers/stall.js";

/**
 * A recorded machine, as a host scenario's `recorded.json` gives it: files of its /proc, /sys and
 * root (`proc/stat`: a recording under testdata/, or literal text in the kernel's format), what
 * `uname -m` printed, and statfs(2) of its mount points (a mount point left out is gone: ENOENT).
 */
export const recordedHostSchema = z.strictObject({
  machine: z.string().default("x86_64"),
  files: z.record(
    z.string(),
    z.union([z.strictObject({ testdata: z.string() }), z.strictObject({ text: z.string() })]),
  ),
  statfs: z
    .record(
      z.string(),
      z.strictObject({
        bsize: z.number(),
        blocks: z.number(),
        bfree: z.number(),
        bavail: z.number(),
        files: z.number(),
        ffree: z.number(),
      }),
    )
    .default({}),
});
export type RecordedHost = z.input<typeof recordedHostSchema>;

/** The host input over a recorded machine. */
export interface RecordedHostRig {
  input: Collector;
  root: FakeRoot;
  /** Makes later reads hang until their signal aborts (a hung NFS mount, a stuck disk). */
  io: Stall;
  teardown(): Promise<void>;
}

/**
 * The recorded files laid out as a fake root and read by this machine's `HostSource`
 * (files.ts), except `machine()` and `statfs`, which answer from the recording.
 */
export async function createRecordedHost(
  recorded: RecordedHost,
  config: Record<string, unknown>,
  ctx: InputContext,
): Promise<RecordedHostRig> {
  const machine = recordedHostSchema.parse(recorded);
  const files = Object.fromEntries(
    Object.entries(machine.files).map(([path, file]): [string, FakeFile] => [
      path,
      "text" in file ? file.text : { fixture: file.testdata },
    ]),
  );
  const root = await createFakeRoot(files);
  const local = createLocalHostSource(root.paths);
  const io = createStall();
  const statfs = async (path: string): Promise<FsStats> => {
    const recordedStats = machine.statfs[`/${path.slice(root.dir.length).replace(/^\/+/, "")}`];
    if (recordedStats) return recordedStats;
    throw Object.assign(new Error(`ENOENT: no such file or directory, statfs '${path}'`), { code: "ENOENT" });
  };
  const source: HostSource = {
    ...local,
    read: (path, signal) => (io.active ? io.hang(signal) : local.read(path, signal)),
    readOptional: (path, signal) => (io.active ? io.hang(signal) : local.readOptional(path, signal)),
    statfs,
    machine: () => machine.machine,
    keepOpen() {
      const reader = local.keepOpen();
      return {
        read: (path, signal) => (io.active ? io.hang(signal) : reader.read(path, signal)),
        readOptional: (path, signal) => (io.active ? io.hang(signal) : reader.readOptional(path, signal)),
        readMany: (paths, signal) => (io.active ? io.hang(signal) : reader.readMany(paths, signal)),
        endRound: () => reader.endRound(),
      };
    },
  };
  const hostConfig = hostConfigSchema.parse({ ...config, paths: root.paths });
  return {
    input: createHostCollector(hostConfig, ctx, source),
    root,
    io,
    teardown: () => root.cleanup(),
  };
}
