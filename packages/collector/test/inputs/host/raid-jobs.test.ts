import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { RaidJobEvent, RaidProgress } from "@wirewatch/protocol";
import { readTestdata } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeRoot, type FakeFile, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { createHostHarness, type HostHarness } from "../../helpers/host-harness.js";
import { T0 } from "../../helpers/manual-clock.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const ROUND_MS = 10_000;
/** When round `n` (1-based) ran: the clock advances one storage interval before every round. */
const roundAt = (n: number) => new Date(T0 + n * ROUND_MS).toISOString();

/** One storage round on `mdstat` (null: no md driver); returns the `jobs` events it published. */
async function round(h: HostHarness, mdstat: FakeFile | null): Promise<RaidJobEvent[]> {
  await h.clock.advance(ROUND_MS);
  await root!.remove("proc/mdstat");
  if (mdstat !== null) await root!.write("proc/mdstat", mdstat);
  const before = h.publisher.events.length;
  await h.run("storage");
  return h.publisher.events
    .slice(before)
    .filter((e) => e.channel === "jobs")
    .map((e) => e.data as RaidJobEvent);
}

/** A recording with its progress lines removed: the same arrays once md is idle again. */
const withoutProgress = (relative: string): string =>
  readTestdata(relative)
    .split("\n")
    .filter((line) => !/\b(resync|recovery|check|repair|reshape)\s*=/.test(line))
    .join("\n");

const SYSTRAY_MD1 = {
  type: "command-progress",
  id: "raid:nas1:md1",
  percentage: 1.62, // 2002048 / 123465728, rounded down to two decimals (mdstat prints 1.6)
  array: "md1",
  sync_status: "running",
  blocks_done: 2002048,
  blocks_total: 123465728,
  finish_seconds: 540,
  speed_bytes_per_sec: 222449 * 1024,
} as const;

async function mdRoot(): Promise<FakeRoot> {
  return createFakeRoot({ "proc/1/mounts": "" });
}

describe("host input: md RAID operations on the jobs channel", () => {
  it("follows systray-mdstat's host through a resync and a check: progress each round, then task-finished", async () => {
    root = await mdRoot();
    const h = createHostHarness(root);

    expect(await round(h, fixture("proc/systray-mdstat/mdstat.ok"))).toEqual([]);
    const resync = { ...SYSTRAY_MD1, currentStep: "RAID_RESYNC", action: "resync" };
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.resync"))).toEqual([resync]);
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.resync"))).toEqual([resync]);
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.check"))).toEqual([
      {
        type: "task-finished",
        taskConfig: {
          id: "raid:nas1:md1",
          name: "md1 resync",
          status: "completed",
          output: "md1 resync completed; array healthy [2/2] [UU]",
          array: "md1",
          action: "resync",
          currentStep: "RAID_RESYNC",
          percentage: 1.62,
          array_state: "check",
          first_seen_at: roundAt(2),
        },
      },
      { ...SYSTRAY_MD1, currentStep: "RAID_CHECK", action: "check" },
    ]);
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.ok"))).toEqual([
      {
        type: "task-finished",
        taskConfig: {
          id: "raid:nas1:md1",
          name: "md1 check",
          status: "completed",
          output: "md1 check completed; array healthy [2/2] [UU]",
          array: "md1",
          action: "check",
          currentStep: "RAID_CHECK",
          percentage: 1.62,
          array_state: "active",
          first_seen_at: roundAt(4),
        },
      },
    ]);
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.ok"))).toEqual([]);

    // jobs events carry the round's host and time, like the storage.status beside them
    const jobs = h.publisher.events.filter((e) => e.channel === "jobs");
    expect(jobs.map((e) => [e.host, e.timestamp])).toEqual([
      ["nas1", roundAt(2)],
      ["nas1", roundAt(3)],
      ["nas1", roundAt(4)],
      ["nas1", roundAt(4)],
      ["nas1", roundAt(5)],
    ]);
    expect(h.statuses().map((s) => s.state)).toEqual(["ok"]);
    h.assertAllValid();
    await h.scheduler.stop();
  });

  it("reports a recovery that stops on a still-degraded array as interrupted, and one that ends healthy as completed", async () => {
    root = await mdRoot();
    const h = createHostHarness(root);
    const recording = "proc/systray-mdstat/mdstat.raid1-4disks";
    const progress = {
      type: "command-progress",
      id: "raid:nas1:md0",
      currentStep: "RAID_RECOVERY",
      percentage: 1.32,
      array: "md0",
      action: "recovery",
      sync_status: "running",
      blocks_done: 38752192,
      blocks_total: 2930134464,
      finish_seconds: 20598, // 343.3 min
      speed_bytes_per_sec: 140339 * 1024,
    };
    const finished = { id: "raid:nas1:md0", name: "md0 recovery", array: "md0", action: "recovery" };

    expect(await round(h, fixture(recording))).toEqual([progress]);
    expect(await round(h, withoutProgress(recording))).toEqual([
      {
        type: "task-finished",
        taskConfig: {
          ...finished,
          status: "interrupted",
          output: "md0 recovery interrupted (last seen at 1.32%): array degraded [4/2] [UU__]",
          currentStep: "RAID_RECOVERY",
          percentage: 1.32,
          array_state: "degraded",
          first_seen_at: roundAt(1),
        },
      },
    ]);
    expect(await round(h, fixture(recording))).toEqual([progress]);
    const recovered = withoutProgress(recording).replace("[4/2] [UU__]", "[4/4] [UUUU]");
    expect(await round(h, recovered)).toEqual([
      {
        type: "task-finished",
        taskConfig: {
          ...finished,
          status: "completed",
          output: "md0 recovery completed; array healthy [4/4] [UUUU]",
          currentStep: "RAID_RECOVERY",
          percentage: 1.32,
          array_state: "active",
          first_seen_at: roundAt(3),
        },
      },
    ]);
    h.assertAllValid();
    await h.scheduler.stop();
  });

  it("reports every operation of procfs's composite mdstat on the first round, waiting ones and a reshape included", async () => {
    root = await mdRoot();
    const h = createHostHarness(root, { hostname: "nas2" });
    const summary = (events: RaidJobEvent[]) =>
      (events as RaidProgress[]).map((e) => [e.id, e.currentStep, e.percentage, e.sync_status]);
    const composite = [
      ["raid:nas2:md6", "RAID_RECOVERY", 8.58, "running"],
      ["raid:nas2:md8", "RAID_RESYNC", 8.58, "running"],
      ["raid:nas2:md201", "RAID_CHECK", 5.72, "running"],
      ["raid:nas2:md9", "RAID_RESYNC", 0, "delayed"],
      ["raid:nas2:md11", "RAID_RESYNC", 0, "pending"],
      ["raid:nas2:md42", "RAID_RESHAPE", 56.15, "running"],
    ];
    expect(summary(await round(h, fixture("proc/procfs/mdstat")))).toEqual(composite);
    expect(summary(await round(h, fixture("proc/procfs/mdstat")))).toEqual(composite);

    // the md driver goes away: every array is gone, so every operation was interrupted
    const gone = await round(h, null);
    expect(
      gone.map((e) => (e.type === "task-finished" ? [e.taskConfig.name, e.taskConfig.status] : e)),
    ).toEqual([
      ["md6 recovery", "interrupted"],
      ["md8 resync", "interrupted"],
      ["md201 check", "interrupted"],
      ["md9 resync", "interrupted"],
      ["md11 resync", "interrupted"],
      ["md42 reshape", "interrupted"],
    ]);
    expect(gone[5]).toEqual({
      type: "task-finished",
      taskConfig: {
        id: "raid:nas2:md42",
        name: "md42 reshape",
        status: "interrupted",
        output: "md42 reshape interrupted (last seen at 56.15%): array no longer in mdstat",
        array: "md42",
        action: "reshape",
        currentStep: "RAID_RESHAPE",
        percentage: 56.15,
        array_state: null,
        first_seen_at: roundAt(1),
      },
    });
    expect(await round(h, null)).toEqual([]);
    h.assertAllValid();
    await h.scheduler.stop();
  });

  it("publishes no jobs events for clean arrays, or without md", async () => {
    root = await mdRoot();
    const h = createHostHarness(root);
    for (const mdstat of [
      fixture("proc/systray-mdstat/mdstat.ok"),
      fixture("proc/systray-mdstat/mdstat.ok"),
      fixture("proc/pymdstat/mdstat.04"),
      fixture("proc/pymdstat/mdstat.06"),
      fixture("proc/pymdstat/mdstat.16"),
      fixture("proc/pymdstat/mdstat.01"),
      null,
    ]) {
      expect(await round(h, mdstat)).toEqual([]);
    }
    expect(h.publisher.data("storage.status")).toHaveLength(7);
    expect(h.statuses().map((s) => s.state)).toEqual(["ok"]);
    await h.scheduler.stop();
  });

  it("keeps its state through garbled and unreadable mdstat rounds, emitting nothing for them", async () => {
    root = await mdRoot();
    const h = createHostHarness(root);
    const resync = { ...SYSTRAY_MD1, currentStep: "RAID_RESYNC", action: "resync" };
    const path = `${root.paths.proc}/mdstat`;

    expect(await round(h, fixture("proc/systray-mdstat/mdstat.resync"))).toEqual([resync]);
    const garbled = readTestdata("proc/systray-mdstat/mdstat.resync").replace("(2002048/", "(2002048");
    expect(await round(h, garbled)).toEqual([]);
    expect(h.statuses().at(-1)?.error).toMatch(new RegExp(`^${path}: line 8: unreadable progress`));
    expect(await round(h, "\u0000\u0001 binary junk\n")).toEqual([]);
    expect(h.statuses().at(-1)?.error).toBe(`${path}: not an mdstat file: no 'Personalities' line first`);
    await h.clock.advance(ROUND_MS);
    await root.remove("proc/mdstat");
    await mkdir(join(root.dir, "proc/mdstat")); // unreadable: EISDIR
    await h.run("storage");
    expect(h.statuses().at(-1)?.error).toBe(`${path}: EISDIR`);
    expect(h.publisher.data("storage.status")).toHaveLength(1);
    expect(h.publisher.data("jobs")).toHaveLength(1);

    // the resync is still the one first seen in round 1: progress only, no task-finished
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.resync"))).toEqual([resync]);
    expect(await round(h, fixture("proc/systray-mdstat/mdstat.ok"))).toEqual([
      expect.objectContaining({
        type: "task-finished",
        taskConfig: expect.objectContaining({ status: "completed", first_seen_at: roundAt(1) }),
      }),
    ]);
    expect(h.statuses().at(-1)?.state).toBe("ok");
    h.assertAllValid();
    await h.scheduler.stop();
  });
});
