import { afterEach, describe, expect, it } from "vitest";
import { CollectorError } from "../../../src/errors.js";
import { createLocalHostSource, READS_PER_YIELD } from "../../../src/inputs/host/files.js";
import { createFakeRoot, type FakeRoot } from "../../helpers/fake-root.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const live = () => new AbortController().signal;

describe("host input: a schedule's reader", () => {
  it("reads many files in order, each a text or the error read() would throw", async () => {
    root = await createFakeRoot({ "proc/1/stat": "one\n", "proc/2/stat": "two\n" });
    const files = createLocalHostSource(root.paths);
    const reader = files.keepOpen();
    const paths = ["1/stat", "3/stat", "2/stat"].map((p) => files.procPath(p));
    const results = await reader.readMany(paths, live());
    expect(results[0]).toEqual({ path: paths[0], text: "one\n" });
    expect(results[1]).toBeInstanceOf(CollectorError);
    expect(results[1]).toMatchObject({
      code: "WW_COLLECTOR_READ",
      file: paths[1],
      message: `${paths[1]}: not found`,
      cause: { code: "ENOENT" },
    });
    expect(results[2]).toEqual({ path: paths[2], text: "two\n" });
    // A fake root is not procfs: nothing is held, so a rewritten file is read afresh.
    await root.write("proc/1/stat", "uno\n");
    expect((await reader.read(paths[0]!, live())).text).toBe("uno\n");
    expect(await reader.readOptional(paths[1]!, live())).toBeNull();
    reader.endRound();
    files.close();
  });

  it("yields between batches and rejects with the signal's reason once aborted", async () => {
    const layout: Record<string, string> = {};
    for (let i = 0; i < READS_PER_YIELD * 3; i++) layout[`proc/${i}/stat`] = `${i}`;
    root = await createFakeRoot(layout);
    const files = createLocalHostSource(root.paths);
    const reader = files.keepOpen();
    const paths = Object.keys(layout).map((p) => files.procPath(p.slice("proc/".length)));
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns += 1;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const texts = await reader.readMany(paths, live());
    reading = false;
    expect(texts.map((t) => (t as { text: string }).text)).toEqual(paths.map((_, i) => `${i}`));
    expect(turns).toBeGreaterThanOrEqual(2);

    const controller = new AbortController();
    const reason = new Error("deadline");
    const pending = reader.readMany(paths, controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
