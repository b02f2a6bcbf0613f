import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readTestdata } from "@wirewatch/testkit";

/** A file of a fake root: literal text, or a recorded fixture copied byte for byte. */
export type FakeFile = string | { fixture: string };

export const fixture = (relative: string): FakeFile => ({ fixture: relative });

/**
 * A temporary directory laid out as `proc/`, `sys/`, `etc/` for the host input's `paths`, built
 * by combining fixture files (the recorded trees are partial) with literal files.
 */
export interface FakeRoot {
  dir: string;
  paths: { proc: string; sys: string; root: string };
  write(relative: string, file: FakeFile): Promise<void>;
  remove(relative: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createFakeRoot(files: Record<string, FakeFile>): Promise<FakeRoot> {
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-host-"));
  const write = async (relative: string, file: FakeFile): Promise<void> => {
    const path = join(dir, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, typeof file === "string" ? file : readTestdata(file.fixture));
  };
  await mkdir(join(dir, "proc"), { recursive: true });
  await mkdir(join(dir, "sys"), { recursive: true });
  for (const [relative, file] of Object.entries(files)) await write(relative, file);
  return {
    dir,
    paths: { proc: join(dir, "proc"), sys: join(dir, "sys"), root: dir },
    write,
    remove: (relative) => rm(join(dir, relative), { recursive: true, force: true }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
