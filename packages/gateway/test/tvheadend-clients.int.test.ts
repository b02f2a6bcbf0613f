import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openClientPage, texts } from "./helpers/client-page.js";
import { ADMIN_TOKEN } from "./helpers/harness.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";

/**
 * architecture §5/§9, issue 8: a page doing what the Example Code page of Tvheadend's WebSocket document
 * does (test/documented-clients/tvheadend-comet-page.html) runs in headless Chromium against
 * wirewatch's `/comet/ws`, its address carrying the token
 * (`ws://127.0.0.1:PORT/comet/ws?token=<admin token>`: `log` and `gateway.clients` are
 * admin-only). The page prepends one div per frame to #messages; the test reads those divs as
 * Tvheadend's clients read the frames: `messages[]`, each with its `notificationClass`.
 * Batches go out every 50 ms here (about once a second by default).
 */

/** The figures of the document's own sample output. */
const ROOT_FS = { device: "/dev/sda2", mountpoint: "/", fstype: "ext4", used_percent: 15.7 };
const DOC_SPACE = { free: 607828439040, used: 135628398200, total: 861450428416 };
const LATER_SPACE = { ...DOC_SPACE, free: DOC_SPACE.free - 2 ** 30, used: DOC_SPACE.used + 2 ** 30 };
const LOG = {
  level: "info",
  source: "subscription",
  text: '00D5: "HTTP" subscribing on channel "DMAX", weight: 100',
};

const storageOf = (space: typeof DOC_SPACE) => ({
  array_status: "started",
  arrays: [],
  disks: [{ ...ROOT_FS, ...space }],
});
const diskspace = (space: typeof DOC_SPACE) => ({
  freediskspace: space.free,
  useddiskspace: space.used,
  totaldiskspace: space.total,
  notificationClass: "diskspaceUpdate",
});

type Notification = Record<string, unknown> & { notificationClass: string };
type Frame = { boxid?: string; messages: Notification[] };

const owned = ownership();
afterEach(() => owned.closeAll());

describe("Tvheadend's WebSocket document in Chromium", () => {
  it("Tvheadend document, Example Code page: renders one div per batch, boxid first, then diskspace, log and subscriptions messages", async () => {
    const h = owned.own(await startSeedHarness({ batchIntervalMs: 50, clientsIntervalMs: 100 }));
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storageOf(DOC_SPACE) });
    const { page, frames, pageErrors } = owned.own(
      await openClientPage("tvheadend-comet-page.html", seedUrl(h, "/comet/ws", ADMIN_TOKEN)),
    );

    // The divs, oldest first (the page prepends), each parsed as the frame it shows.
    const rendered = async () =>
      (await texts(page, "#messages > div")).reverse().map((t) => JSON.parse(t) as Frame);
    const notifications = async () => (await rendered()).flatMap((f) => f.messages);

    await waitFor(async () => (await rendered()).length > 0, { description: "the first frame" });
    await waitFor(
      () => h.gateway.clients().some((c) => c.dialect === "tvheadend" && c.channels.includes("log")),
      {
        description: "the Tvheadend client's subscriptions",
      },
    );
    await h.bus.publish({ channel: "log", host: "nas1", data: LOG });
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storageOf(LATER_SPACE) });
    await waitFor(
      async () => {
        const all = await notifications();
        return (
          all.some((n) => n.notificationClass === "subscriptions") &&
          all.some(
            (n) => n.notificationClass === "diskspaceUpdate" && n.freediskspace === LATER_SPACE.free,
          ) &&
          all.some((n) => n.notificationClass === "logmessage")
        );
      },
      { description: "diskspaceUpdate, logmessage and subscriptions messages in #messages" },
    );

    const shown = await rendered();
    expect(shown[0]!.boxid).toMatch(/^[0-9a-f]{32}$/);
    expect(shown.slice(1).every((f) => f.boxid === undefined && f.messages.length > 0)).toBe(true);
    const all = shown.flatMap((f) => f.messages);
    // The last value at connect (the document's own figures), then the live update.
    expect(all.filter((n) => n.notificationClass === "diskspaceUpdate")).toEqual([
      diskspace(DOC_SPACE),
      diskspace(LATER_SPACE),
    ]);
    const logs = all.filter((n) => n.notificationClass === "logmessage").map((n) => n.logtxt as string);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /);
    expect(logs[0]!.endsWith(`${LOG.source}: ${LOG.text}`)).toBe(true);
    const subscriptions = all.filter((n) => n.notificationClass === "subscriptions");
    expect(subscriptions.at(-1)).toEqual({
      id: expect.any(Number),
      start: expect.any(Number),
      errors: 0,
      state: "Running",
      hostname: "127.0.0.1",
      client: expect.stringContaining("Chrome/"),
      title: "tvheadend",
      channel: expect.stringContaining("storage.status"),
      in: expect.any(Number),
      out: expect.any(Number),
      total_in: expect.any(Number),
      total_out: expect.any(Number),
      updateEntry: 1,
      notificationClass: "subscriptions",
    });
    const client = h.gateway.clients().find((c) => c.dialect === "tvheadend")!;
    expect(subscriptions.at(-1)!.start).toBe(Math.floor(Date.parse(client.start) / 1000));
    // Every div shows one frame exactly as the browser received it (gateway.clients keeps
    // coming: wait until the page and the recorder agree).
    await waitFor(
      async () => JSON.stringify((await texts(page, "#messages > div")).reverse()) === JSON.stringify(frames),
      { description: "the divs to match the frames received" },
    );
    expect(pageErrors).toEqual([]);
  });
});
