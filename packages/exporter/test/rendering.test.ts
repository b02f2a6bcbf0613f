import { afterEach, describe, expect, it } from "vitest";
import { createPieceList, createRendering, pushText } from "../src/index.js";
import { exporterOnBus, statsFixture } from "./helpers.js";

const pieces = (texts: string[]) => {
  const list = createPieceList(texts.length);
  for (const text of texts) pushText(list, text);
  return list;
};

describe("createRendering", () => {
  it("reads whole pieces in slices of at most maxBytes (one piece at least), then null", () => {
    const texts = ["aaaa", "bb", "cccccccc", "d", "é€"];
    const rendering = createRendering(pieces(texts));
    expect(rendering.length).toBe(Buffer.byteLength(texts.join("")));
    const slices: string[] = [];
    const into = Buffer.alloc(6);
    for (let slice = rendering.read(6, into); slice !== null; slice = rendering.read(6, into)) {
      // A slice that fits is a view of `into`; a larger single piece gets its own buffer.
      expect(slice.buffer === into.buffer).toBe(slice.length <= into.length);
      slices.push(slice.toString());
    }
    expect(slices).toEqual(["aaaabb", "cccccccc", "dé€"]);
    expect(rendering.read(6)).toBeNull();
    expect(rendering.readAll().length).toBe(0);
  });

  it("readAll() returns what read() left; remaining counts down to 0", () => {
    const rendering = createRendering(pieces(["x", "yy", "zzz"]));
    expect(rendering.remaining).toBe(6);
    expect(rendering.read(1)?.toString()).toBe("x");
    expect(rendering.remaining).toBe(5);
    expect(rendering.readAll().toString()).toBe("yyzzz");
    expect(rendering.remaining).toBe(0);
  });
});

describe("exporter snapshots", () => {
  let env: Awaited<ReturnType<typeof exporterOnBus>>;
  afterEach(async () => env?.close());

  it("cut non-ASCII text at the right bytes (each family's lines whole, in order)", async () => {
    env = await exporterOnBus();
    const disk = {
      device: "/dev/sdb1",
      fstype: "ext4",
      total: 10,
      free: 4,
      reserved: 1,
      files: 5,
      files_free: 2,
      readonly: false,
    };
    await env.publish({
      channel: "storage.status",
      host: "nas2",
      data: {
        disks: [
          { ...disk, mountpoint: "/mnt/données €" },
          { ...disk, mountpoint: "/srv/😀" },
        ],
      },
    });
    const lines = env.exporter
      .render()
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"));
    expect(lines).toHaveLength(14);
    expect(lines.slice(0, 2)).toEqual([
      'node_filesystem_avail_bytes{instance="nas2",device="/dev/sdb1",fstype="ext4",mountpoint="/mnt/données €"} 4',
      'node_filesystem_avail_bytes{instance="nas2",device="/dev/sdb1",fstype="ext4",mountpoint="/srv/😀"} 4',
    ]);
    expect(lines.at(-1)).toBe(
      'node_filesystem_size_bytes{instance="nas2",device="/dev/sdb1",fstype="ext4",mountpoint="/srv/😀"} 10',
    );
  });

  it("keep the text of the moment they were taken while newer events arrive", async () => {
    env = await exporterOnBus();
    const stats = statsFixture();
    await env.publish(stats);
    const before = env.exporter.render();
    const snapshot = env.exporter.snapshot();
    const next = structuredClone(stats);
    next.data.load_average = [9.5, 9.5, 9.5];
    await env.publish(next);
    await env.publish({ ...stats, host: "nas2" });
    expect(snapshot.readAll().toString()).toBe(before);
    expect(env.exporter.render()).toContain('node_load1{instance="nas1"} 9.5');
    expect(env.exporter.render()).toContain('instance="nas2"');
  });
});
