import type { Bus } from "@wirewatch/bus";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openClientPage } from "./helpers/client-page.js";
import { runNodeClient } from "./helpers/client-process.js";
import { ADMIN_TOKEN, type Harness } from "./helpers/harness.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";

/**
 * architecture §5/§9, issue 8: the Basic Monitoring example of NZB Flow's WebSocket server document
 * works against wirewatch's `/` with nothing changed but the address and token, written as the
 * document writes it, without a path: `ws://127.0.0.1:PORT?token=<admin token>` (`jobs` is
 * admin-only, architecture §6).
 *
 * The example is browser code (the `WebSocket` global), so test/documented-clients/
 * nzbflow-basic-monitoring.js, which does what it does, runs twice: under Node 20 with `ws`
 * preloaded as the global WebSocket, and in headless Chromium as a page's script.
 */
/** The collector's parse pool, as it reports itself (collector/src/pool-status.ts). */
const QUEUE_UPDATE = {
  type: "queue-update",
  queue: "collector.parse",
  active: true,
  running: 1,
  queued: 2,
  threads: 2,
  completed: 40,
  failed: 0,
  tasks: [{ id: "t-41", name: "host.storage", state: "running" }],
  tasks_truncated: false,
};
const PROGRESS = { type: "command-progress", id: "task-uuid", currentStep: "UPLOADING", percentage: 45.67 };
const FINISHED = {
  type: "task-finished",
  taskConfig: { id: "task-uuid", name: "my-post", status: "completed", output: "posted 12 files" },
};
/** The pool's queue-update as NZB Flow clients get it: plus the documented queue fields (nzbflow-queue.ts). */
const QUEUE_UPDATE_SENT = {
  ...QUEUE_UPDATE,
  compressionActive: true,
  compressionRunning: 1,
  compressionRunningConfigs: QUEUE_UPDATE.tasks,
  compressionQueued: 2,
  compressionQueuedConfigs: [],
  uploadActive: false,
  uploadRunning: 0,
  uploadRunningConfigs: [],
  uploadQueued: 0,
  uploadQueuedConfigs: [],
};
/** What the client reads from those three events (the greeting matches no case of its switch). */
const READ = [
  { type: "queue-update", queue: QUEUE_UPDATE_SENT },
  { type: "command-progress", id: "task-uuid", percentage: 45.67 },
  { type: "task-finished", name: "my-post" },
];

async function publishJobs(bus: Bus): Promise<void> {
  for (const data of [QUEUE_UPDATE, PROGRESS, FINISHED])
    await bus.publish({ channel: "jobs", host: "nas1", data });
}

const subscribed = (h: Harness) =>
  waitFor(() => h.gateway.clients().some((c) => c.dialect === "nzbflow" && c.channels.includes("jobs")), {
    description: "the NZB Flow client's subscription to jobs",
  });

const address = (h: Harness) => seedUrl(h, "", ADMIN_TOKEN);

const owned = ownership();
afterEach(() => owned.closeAll());

describe("NZB Flow's WebSocket server document", () => {
  it("NZB Flow document, Basic Monitoring example under Node (ws as the global WebSocket): reads queue-update, command-progress and task-finished", async () => {
    const h = owned.own(await startSeedHarness());
    const client = owned.own(
      runNodeClient("nzbflow-basic-monitoring.js", [address(h)], { globalWebSocket: true }),
    );

    await subscribed(h);
    await publishJobs(h.bus);
    await client.reported((r) => r.type === "task-finished", "the task-finished line");

    expect(client.reports()).toEqual(READ);
    expect(client.stderr()).toBe("");
  });

  it("NZB Flow document, Basic Monitoring example in Chromium: reads the same fields from the frames on the wire", async () => {
    const h = owned.own(await startSeedHarness());
    const {
      console: lines,
      frames,
      pageErrors,
    } = owned.own(await openClientPage("nzbflow-basic-monitoring.html", address(h)));

    await subscribed(h);
    await publishJobs(h.bus);
    await waitFor(() => lines.length === 3, { description: "three console lines" });

    expect(lines.map((l) => JSON.parse(l))).toEqual(READ);
    // On the wire: the greeting (skipped by the example's switch), then one frame per event.
    await waitFor(() => frames.length === 4, { description: "four frames recorded" });
    expect(frames.map((f) => JSON.parse(f))).toEqual([
      { success: true, data: expect.objectContaining({ type: "connected" }) },
      { success: true, data: QUEUE_UPDATE_SENT },
      { success: true, data: PROGRESS },
      { success: true, data: FINISHED },
    ]);
    expect(pageErrors).toEqual([]);
  });
});
