import type { Bus } from "@wirewatch/bus";
import { retarget, seedExample, waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, processes, READ_TOKEN, stats, storage } from "./helpers/harness.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";
import { openSeedPage, type SeedPage, texts } from "./helpers/seed-page.js";
import { type ExampleProcess, runNodeExample, runPythonExample } from "./helpers/seed-process.js";

/**
 * DESIGN §5/§9, issue 8: clients written for MonServ work against wirewatch's `/ws` with nothing
 * changed but the address, which gains the token as the document's Security section shows
 * (`?token=`). The code is taken from seeds/monserv-websocket-api.md at run time: the Node.js
 * example (node with `ws` on NODE_PATH), the Python example (Debian's /usr/bin/python3 with
 * python3-websockets), the Complete Integration Example page and the JavaScript/Browser example
 * (headless Chromium). The tests assert on what they print and render.
 */
const DOC = "monserv-websocket-api.md";
const SEED_URL = "ws://localhost:18904/ws";

/** An SSH-polled host: its identity carries a password that must never reach a client. */
const SSH_SOURCE = "ssh://scada:s3cret@scadanas.lan:2222";
const SSH_KEY = "ssh://scada:***@scadanas.lan:2222";

const FIRING = {
  resource: "memory",
  value: 85,
  threshold: 80,
  level: "warning",
  state: "firing",
  severity: "warning",
  transition: "fired",
  host: "nas1",
  subject: "[ALERT] nas1 Memory usage warning",
  message: "Memory used 85.0% (threshold 80.0%)",
};
const RESOLVED = {
  ...FIRING,
  value: 65,
  level: "ok",
  state: "resolved",
  transition: "resolved",
  subject: "[RECOVERED] nas1 Memory usage",
  message: "Memory back to 65.0%",
};

/** One polling round of two hosts: nas1 (local) and scadanas (over SSH, memory at 85 %). */
async function publishRound(bus: Bus): Promise<void> {
  await bus.publish({ channel: "storage.status", host: "nas1", data: storage(1) });
  await bus.publish({ channel: "system.processes", host: "nas1", data: processes() });
  await bus.publish({ channel: "system.stats", host: "nas1", data: stats(25.5) });
  await bus.publish({
    channel: "system.stats",
    host: "scadanas",
    data: {
      ...stats(12),
      memory_total: 8589934592,
      memory_used: 7301444403,
      memory_percent: 85,
      uptime: 3600,
      hostname: "scadanas",
      source: SSH_SOURCE,
    },
  });
}

/** A MonServ example from the document, pointed at the harness's `/ws` with the reader token. */
const monservExample = (h: Harness, heading: string, lang: string) =>
  retarget(seedExample(DOC, heading, lang), SEED_URL, seedUrl(h, "/ws", READ_TOKEN));

const publishAlert = (bus: Bus, data: Record<string, unknown>) =>
  bus.publish({ channel: "resource.alert", host: "nas1", data });

/** MonServ subscribes a socket at connect; wait until its alert channels are in place too. */
const subscribed = (h: Harness) =>
  waitFor(
    () => h.gateway.clients().some((c) => c.dialect === "monserv" && c.channels.includes("resource.alert")),
    {
      description: "the MonServ client's connect-time subscriptions",
    },
  );

const owned = ownership();
afterEach(() => owned.closeAll());

describe.each([
  { name: "Node.js", heading: "### Node.js Example", lang: "javascript", run: runNodeExample },
  { name: "Python", heading: "### Python Example", lang: "python", run: runPythonExample },
])("MonServ's $name example", ({ heading, lang, run }) => {
  it("prints the metrics updates and the alert and recovery subjects", async () => {
    const h = owned.own(await startSeedHarness());
    const example: ExampleProcess = owned.own(await run(monservExample(h, heading, lang)));

    await example.printed("Connected to WebSocket");
    await subscribed(h);
    await publishRound(h.bus);
    await example.printed("Metrics update: 2 servers");
    await publishAlert(h.bus, FIRING);
    await example.printed("Alert: [ALERT] nas1 Memory usage warning");
    await publishAlert(h.bus, RESOLVED);
    await example.printed("Alert: [RECOVERED] nas1 Memory usage");

    expect(example.stdout().split("\n")).toEqual([
      "Connected to WebSocket",
      "Metrics update: 1 servers",
      "Metrics update: 2 servers",
      "Alert: [ALERT] nas1 Memory usage warning",
      "Alert: [RECOVERED] nas1 Memory usage",
      "",
    ]);
    expect(example.stderr()).toBe("");
  });
});

describe("MonServ's Complete Integration Example page in Chromium", () => {
  it("shows Connected, one card per server and the alert and recovery boxes", async () => {
    const h = owned.own(await startSeedHarness());
    const html = monservExample(h, "## Complete Integration Example", "html");
    const { page, frames, pageErrors }: SeedPage = owned.own(await openSeedPage(html));

    await waitFor(async () => (await page.textContent("#status")) === "Connected", {
      description: "#status to read Connected",
    });
    expect(await page.evaluate(`document.getElementById("status").style.color`)).toBe("green");
    await subscribed(h);
    await publishRound(h.bus);
    await waitFor(async () => (await texts(page, ".server h3")).length === 2, {
      description: "two server cards",
    });
    expect(await texts(page, "#metrics h2")).toEqual(["Server Metrics"]);
    expect(await texts(page, ".server h3")).toEqual(["nas1", "scadanas"]);
    expect(await texts(page, ".server p")).toEqual([
      "Memory: 50.0%",
      "Uptime: 86400s",
      "Memory: 85.0%",
      "Uptime: 3600s",
    ]);

    await publishAlert(h.bus, FIRING);
    await waitFor(async () => (await texts(page, "#alerts > div.alert")).length === 1, {
      description: "the alert box",
    });
    await publishAlert(h.bus, RESOLVED);
    await waitFor(async () => (await texts(page, "#alerts > div")).length === 2, {
      description: "the recovery box",
    });
    // showAlert inserts the newest first.
    expect(await page.$$eval("#alerts > div", (els) => els.map((el) => el.className))).toEqual([
      "recovery",
      "alert",
    ]);
    expect(await texts(page, "#alerts strong")).toEqual([RESOLVED.subject, FIRING.subject]);
    const [recovery, alert] = await texts(page, "#alerts > div");
    expect(recovery).toContain(RESOLVED.message);
    expect(alert).toContain(FIRING.message);

    // What the browser received: one JSON document per frame, the SSH password masked.
    await waitFor(() => frames.filter((f) => f.includes('"type":"alert"')).length === 2, {
      description: "both alert frames recorded",
    });
    const documents = frames.map((f) => JSON.parse(f) as Record<string, unknown>);
    const updates = documents.filter((d) => d.type === "metrics_update");
    expect(Object.keys(updates.at(-1)!.data as object)).toEqual(["local://nas1", SSH_KEY]);
    expect(documents.filter((d) => d.type === "alert")).toEqual([
      { type: "alert", alert_type: "alert", subject: FIRING.subject, message: FIRING.message },
      { type: "alert", alert_type: "recovery", subject: RESOLVED.subject, message: RESOLVED.message },
    ]);
    expect(frames.join("\n")).not.toContain("s3cret");
    expect(pageErrors).toEqual([]);
  });
});

describe("MonServ's JavaScript/Browser example in Chromium", () => {
  /**
   * The example calls `updateMetricsUI(data.data)` and `showAlert(subject, message)`, which the
   * document leaves to the reader: this test defines them as stubs that record their arguments
   * (in a script before the example). Its `connectWebSocket()` (called 5 s after a close) is
   * not needed: nothing closes the socket while the test runs.
   */
  const STUBS = `window.seen = { metrics: [], alerts: [] };
function updateMetricsUI(metrics) { window.seen.metrics.push(metrics); }
function showAlert(subject, message) { window.seen.alerts.push({ subject, message }); }`;

  it("passes MonServ's documented metrics and alert fields to the page's handlers", async () => {
    const h = owned.own(await startSeedHarness());
    const example = monservExample(h, "### JavaScript/Browser Example", "javascript");
    const html = `<!DOCTYPE html><html><body><script>${STUBS}</script><script>${example}</script></body></html>`;
    const { page, console: lines, pageErrors } = owned.own(await openSeedPage(html));

    await waitFor(() => lines.includes("WebSocket connected"), { description: "'WebSocket connected'" });
    await subscribed(h);
    await publishRound(h.bus);
    await publishAlert(h.bus, FIRING);
    await publishAlert(h.bus, RESOLVED);
    type Seen = { metrics: Record<string, unknown>[]; alerts: unknown[] };
    const seen = await waitFor(
      async () => {
        const s = (await page.evaluate("window.seen")) as Seen;
        return s.alerts.length === 2 ? s : undefined;
      },
      { description: "both alerts handled" },
    );

    expect(seen.alerts).toEqual([
      { subject: FIRING.subject, message: FIRING.message },
      { subject: RESOLVED.subject, message: RESOLVED.message },
    ]);
    expect(seen.metrics).toHaveLength(2);
    const latest = seen.metrics[1]!;
    expect(Object.keys(latest)).toEqual(["local://nas1", SSH_KEY]);
    expect(latest["local://nas1"]).toEqual({
      hostname: "nas1",
      uptimeSeconds: 86400,
      cpu: { usedPercent: 25.5, cores: null, load1: 0.5, load5: 0.7, load15: 0.9 },
      memory: { total: 17179869184, used: 8589934592, free: 8589934592, usedPercent: 50 },
      disks: [
        {
          device: "/dev/sda1",
          mountpoint: "/mnt/disk1",
          fstype: "xfs",
          total: 1000,
          used: 400,
          free: 600,
          usedPercent: 40,
        },
      ],
      topProcsByMem: [
        {
          pid: 1234,
          name: "postgres",
          username: "postgres",
          rssBytes: 536870912,
          percentRAM: 6.25,
          cmdline: "postgres -D /var/lib/postgresql/data",
        },
      ],
      generatedAtUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });
    expect(latest[SSH_KEY]).toMatchObject({ hostname: "scadanas", memory: { usedPercent: 85 } });
    expect(lines.filter((l) => l.startsWith("Received:"))).toHaveLength(4);
    expect(pageErrors).toEqual([]);
  });
});
