import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { connect, type TestClient } from "./helpers/client.js";
import { LIMITED_TOKEN, processes, READ_TOKEN, stats, storage } from "./helpers/harness.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";

/**
 * MonServ's host view is one per dialect, shared by every MonServ socket (encoded once per event).
 * Two consequences, found while writing the seed tests: a client connecting while another watches
 * must still get the current view at connect, and a token that may not read every channel the view
 * is built from must not get it at all.
 */
const owned = ownership();
afterEach(() => owned.closeAll());
const track = (c: TestClient) => {
  owned.own({ close: async () => void c.ws.terminate() });
  return c;
};

describe("MonServ dialect", () => {
  it("sends the last values at connect to a client that connects while another is connected", async () => {
    const h = owned.own(await startSeedHarness());
    const a = track(await connect(seedUrl(h, "/ws", READ_TOKEN)));
    await waitFor(() => h.gateway.clients().some((c) => c.channels.includes("resource.alert")));
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(25) });
    await a.next((m) => m.type === "metrics_update");
    const b = track(await connect(seedUrl(h, "/ws", READ_TOKEN)));
    const update = await b.next((m) => m.type === "metrics_update", { timeoutMs: 3000 });
    expect(Object.keys(update.data as object)).toEqual(["local://nas1"]);
  });

  it("closes 4403 for a channel-limited token instead of showing it data from channels it may not read", async () => {
    const h = owned.own(await startSeedHarness());
    // LIMITED_TOKEN may read system.stats and custom.allowed only.
    const reader = track(await connect(seedUrl(h, "/ws", READ_TOKEN)));
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storage(1) });
    await h.bus.publish({ channel: "system.processes", host: "nas1", data: processes() });
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(25) });
    await reader.next((m) => m.type === "metrics_update");
    const limited = track(await connect(seedUrl(h, "/ws", LIMITED_TOKEN)));
    expect((await limited.waitClose()).code).toBe(CLOSE_CODES.forbidden);
    expect(limited.messages.filter((m) => m.type === "metrics_update")).toEqual([]);
  });
});
