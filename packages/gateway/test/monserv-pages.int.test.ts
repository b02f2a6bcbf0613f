import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type ClientPage, openClientPage, texts } from "./helpers/client-page.js";
import { READ_TOKEN } from "./helpers/harness.js";
import {
  FIRING,
  monservSubscribed,
  publishAlert,
  publishRound,
  RESOLVED,
  SSH_KEY,
} from "./helpers/monserv-round.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";

/**
 * architecture §5/§9, issue 8: the browser clients of MonServ's WebSocket API document — its Complete
 * Integration Example page and its JavaScript/Browser example — as pages from
 * test/documented-clients/ that do what those do, in headless Chromium against wirewatch's `/ws`
 * (token as `?token=`, as the document's security section shows). The tests read what the pages
 * render and record, and the frames the browser received.
 */
const owned = ownership();
afterEach(() => owned.closeAll());

describe("MonServ's WebSocket API document in Chromium", () => {
  it("MonServ document, Complete Integration Example page: shows Connected, one card per server and the alert and recovery boxes", async () => {
    const h = owned.own(await startSeedHarness());
    const { page, frames, pageErrors }: ClientPage = owned.own(
      await openClientPage("monserv-dashboard.html", seedUrl(h, "/ws", READ_TOKEN)),
    );

    await waitFor(async () => (await page.textContent("#status")) === "Connected", {
      description: "#status to read Connected",
    });
    expect(await page.evaluate(`document.getElementById("status").style.color`)).toBe("green");
    await monservSubscribed(h);
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
    // Newest first.
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

  it("MonServ document, JavaScript/Browser example: passes the documented metrics and alert fields to the page's handlers", async () => {
    const h = owned.own(await startSeedHarness());
    const {
      page,
      console: lines,
      pageErrors,
    } = owned.own(await openClientPage("monserv-browser-client.html", seedUrl(h, "/ws", READ_TOKEN)));

    await waitFor(() => lines.includes("connected"), { description: "'connected' in the console" });
    await monservSubscribed(h);
    await publishRound(h.bus);
    await publishAlert(h.bus, FIRING);
    await publishAlert(h.bus, RESOLVED);
    type Seen = { metrics: Record<string, unknown>[]; alerts: unknown[]; closes: number[] };
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
    expect(lines.filter((l) => l.startsWith("received "))).toEqual([
      "received metrics_update",
      "received metrics_update",
      "received alert",
      "received alert",
    ]);
    expect(seen.closes).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
