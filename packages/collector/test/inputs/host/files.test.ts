import { afterEach, describe, expect, it } from "vitest";
import { CollectorError } from "../../../src/errors.js";
import { createLocalHostSource, READS_PER_YIELD } from "../../../src/inputs/host/files.js";
import { createFakeRoot, type FakeRoot } from "../../helpers/fake-root.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const live = () => new AbortController().signal;

describe("host input: file reads", () => {
  it("reads in batches, yielding to the event loop between them", async () => {
    const n = READS_PER_YIELD * 3 + 5;
    const layout: Record<string, string> = {};
    for (let i = 0; i < n; i++) layout[`proc/${i}/stat`] = `stat ${i}\n`;
    root = await createFakeRoot(layout);
    const files = createLocalHostSource(root.paths);

    // Reads done since the last turn of the event loop's check phase, and the longest such run.
    let run = 0;
    let longest = 0;
    let turns = 0;
    let done = false;
    const tick = () => {
      turns += 1;
      run = 0;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const texts = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        files.read(files.procPath(String(i), "stat"), live()).then((file) => {
          run += 1;
          longest = Math.max(longest, run);
          return file.text;
        }),
      ),
    );
    done = true;
    expect(texts).toEqual(Array.from({ length: n }, (_, i) => `stat ${i}\n`));
    expect(longest).toBeLessThanOrEqual(READS_PER_YIELD);
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it("names the path of a missing required file; optional ones are null when absent", async () => {
    root = await createFakeRoot({ "proc/meminfo": "MemTotal: 1 kB\n" });
    const files = createLocalHostSource(root.paths);
    const missing = files.procPath("stat");
    const err = await files.read(missing, live()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err).toMatchObject({ code: "WW_COLLECTOR_READ", file: missing, cause: { code: "ENOENT" } });
    expect((err as Error).message).toBe(`${missing}: not found`);
    expect(await files.readOptional(files.procPath("mdstat"), live())).toBeNull();
    // ENOTDIR: a path below a regular file.
    expect(await files.readOptional(files.procPath("meminfo", "x"), live())).toBeNull();
    // A directory is not absent: still an error.
    await expect(files.readOptional(files.procPath(), live())).rejects.toMatchObject({
      code: "WW_COLLECTOR_READ",
      cause: { code: "EISDIR" },
    });
  });

  it("rejects with the signal's reason once the gather is aborted, also between batches", async () => {
    const layout: Record<string, string> = {};
    for (let i = 0; i < READS_PER_YIELD * 2; i++) layout[`proc/${i}/stat`] = "x";
    root = await createFakeRoot(layout);
    const files = createLocalHostSource(root.paths);
    const reason = new Error("deadline");

    const aborted = new AbortController();
    aborted.abort(reason);
    await expect(files.read(files.procPath("0", "stat"), aborted.signal)).rejects.toBe(reason);
    await expect(files.readOptional(files.procPath("0", "stat"), aborted.signal)).rejects.toBe(reason);

    // The first batch is read at once; aborting before the yield stops the rest.
    const controller = new AbortController();
    const results = Array.from({ length: READS_PER_YIELD * 2 }, (_, i) =>
      files.read(files.procPath(String(i), "stat"), controller.signal).then(
        () => "read",
        (e: unknown) => (e === reason ? "aborted" : e),
      ),
    );
    controller.abort(reason);
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o === "read").length).toBeGreaterThan(0);
    expect(outcomes.slice(READS_PER_YIELD)).toEqual(Array(READS_PER_YIELD).fill("aborted"));
  });
});
