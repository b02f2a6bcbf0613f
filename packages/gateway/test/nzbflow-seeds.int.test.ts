import type { Bus } from "@wirewatch/bus";
import { retarget, seedExample, waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, type Harness } from "./helpers/harness.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";
import { openSeedPage } from "./helpers/seed-page.js";
import { runNodeExample } from "./helpers/seed-process.js";

/**
 * DESIGN §5/§9, issue 8: NZB Flow's "Basic Monitoring" example (seeds/nzbflow-websocket-server.md,
 * taken from the document at run time) works against wirewatch's `/` with nothing changed but the
 * address and token (`ws://127.0.0.1:PORT/?token=<admin token>`: `jobs` is admin-only, DESIGN §6).
 *
 * The example is browser code (it uses the `WebSocket` global), so it runs twice: under Node 20
 * with `ws` installed as the global WebSocket by a `-r` preload (`globalThis.WebSocket =
 * require("ws")`; Node 20 has no such global), and in headless Chromium as a page's script.
 * Both assert on what it prints.
 */
const DOC = "nzbflow-websocket-server.md";
const SEED_URL = "ws://localhost:3001?token=YOUR_TOKEN";

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

async function publishJobs(bus: Bus): Promise<void> {
  for (const data of [QUEUE_UPDATE, PROGRESS, FINISHED])
    await bus.publish({ channel: "jobs", host: "nas1", data });
}

const subscribed = (h: Harness) =>
  waitFor(() => h.gateway.clients().some((c) => c.dialect === "nzbflow" && c.channels.includes("jobs")), {
    description: "the NZB Flow client's subscription to jobs",
  });

const basicMonitoring = (h: Harness) =>
  retarget(seedExample(DOC, "### Basic Monitoring", "javascript"), SEED_URL, seedUrl(h, "/", ADMIN_TOKEN));

const owned = ownership();
afterEach(() => owned.closeAll());

describe("NZB Flow's Basic Monitoring example", () => {
  it("under Node with ws as the global WebSocket, prints queue status, progress and completion", async () => {
    const h = owned.own(await startSeedHarness());
    const example = owned.own(await runNodeExample(basicMonitoring(h), { globalWebSocket: true }));

    await subscribed(h);
    await publishJobs(h.bus);
    await example.printed("Task completed: my-post");

    const out = example.stdout();
    expect(out.startsWith("Queue status: {")).toBe(true);
    expect(out).toContain("type: 'queue-update'");
    expect(out).toContain("running: 1");
    expect(out).toContain("queued: 2");
    expect(out).toContain("compressionRunning: 1"); // NZB Flow's documented field, from the pool
    expect(out).toContain("uploadQueued: 0");
    const lines = out.trimEnd().split("\n");
    expect(lines.slice(-2)).toEqual(["Task task-uuid: 45.67%", "Task completed: my-post"]);
    expect(example.stderr()).toBe("");
  });

  it("in Chromium, prints the same lines to the console", async () => {
    const h = owned.own(await startSeedHarness());
    const html = `<!DOCTYPE html><html><body><script>${basicMonitoring(h)}</script></body></html>`;
    const { console: lines, frames, pageErrors } = owned.own(await openSeedPage(html));

    await subscribed(h);
    await publishJobs(h.bus);
    await waitFor(() => lines.includes("Task completed: my-post"), {
      description: "'Task completed: my-post'",
    });

    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Queue status: \{type: queue-update, .*running: 1, queued: 2/);
    expect(lines.slice(1)).toEqual(["Task task-uuid: 45.67%", "Task completed: my-post"]);
    // On the wire: the greeting (skipped by the example's switch), then one frame per event.
    await waitFor(() => frames.length === 4, { description: "four frames recorded" });
    const rest = {
      compressionActive: true,
      compressionRunningConfigs: QUEUE_UPDATE.tasks,
      compressionQueuedConfigs: [],
      uploadActive: false,
      uploadQueued: 0,
      uploadRunningConfigs: [],
      uploadQueuedConfigs: [],
    };
    expect(frames.map((f) => JSON.parse(f))).toEqual([
      { success: true, data: expect.objectContaining({ type: "connected" }) },
      // wirewatch's pool fields plus NZB Flow's documented queue fields (nzbflow-queue.ts)
      {
        success: true,
        data: { ...QUEUE_UPDATE, compressionRunning: 1, compressionQueued: 2, uploadRunning: 0, ...rest },
      },
      { success: true, data: PROGRESS },
      { success: true, data: FINISHED },
    ]);
    expect(pageErrors).toEqual([]);
  });
});
