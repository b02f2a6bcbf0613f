import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type ClientPage, openClientPage } from "./helpers/client-page.js";
import { runNodeClient, runPythonClient } from "./helpers/client-process.js";
import { closeOnce } from "./helpers/close-once.js";
import { type Harness, READ_TOKEN, startHarness, stats, storage } from "./helpers/harness.js";
import { ownership } from "./helpers/seed-harness.js";

/**
 * architecture §5/§9: clients written for UMA work unchanged. Each test runs a client from
 * test/documented-clients/ that does what one example of UMA's WebSocket guide does (same
 * runtime, same messages, same fields read), pointed at the gateway's `/api/v1/ws` with the token
 * as `?token=`, and compares what it read with what was published.
 */
const DOCKER_START = {
  action: "start",
  container_id: "abc123def456",
  container_name: "plex",
  image: "plexinc/pms-docker:latest",
  status: "running",
};
const CPU_HOT = {
  sensor_name: "CPU Package",
  sensor_type: "cpu",
  temperature: 75.2,
  threshold: 70,
  level: "warning",
  state: "firing",
  message: "CPU Package temperature warning: 75.2°C (threshold: 70.0°C)",
};
const MEMORY_HIGH = {
  resource: "memory",
  value: 91,
  threshold: 90,
  level: "warning",
  state: "firing",
  message: "Memory 91%",
};

const url = (h: Harness) => `${h.wsUrl}?token=${READ_TOKEN}`;
const subscribedTo = (h: Harness, count: number) =>
  waitFor(() => h.gateway.clients()[0]?.channels.length === count, {
    description: `${count} subscriptions on the gateway`,
  });

const owned = ownership();
afterEach(() => owned.closeAll());

describe("UMA's WebSocket guide", () => {
  it("UMA guide, Node.js example: subscribes per channel and prints CPU, memory, array status and disk count", async () => {
    const h = owned.own(await startHarness());
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storage(3) });
    const client = owned.own(runNodeClient("uma-node-client.cjs", [url(h)]));

    await client.reported((r) => r.opened === true, "the client to connect");
    await subscribedTo(h, 2);
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(25.5) });
    await h.bus.publish({
      channel: "system.stats",
      host: "nas1",
      data: { ...stats(61), memory_percent: 73.2 },
    });
    await client.reported((r) => r.cpu === 61, "the second system.stats figures");

    expect(client.reports()).toEqual([
      { opened: true },
      { type: "subscription_ack" },
      { type: "subscription_ack" },
      { type: "storage.status", array: "started", disks: 3 }, // the last value, at subscribe
      { type: "system.stats", cpu: 25.5, memory: 50 },
      { type: "system.stats", cpu: 61, memory: 73.2 },
    ]);
    expect(client.stderr()).toBe("");
    expect(h.gateway.clients()[0]).toMatchObject({
      principal: "reader",
      channels: ["system.stats", "storage.status"],
    });
  });

  it("UMA guide, Python example: subscribes per channel, prints CPU, memory and Docker events, ends on close", async () => {
    const h = await startHarness();
    const { close: stop } = owned.own(closeOnce(h));
    const client = owned.own(runPythonClient("uma-python-client.py", [url(h)]));

    await client.reported((r) => r.opened === true, "the client to connect");
    await subscribedTo(h, 2);
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(25.5) });
    await h.bus.publish({ channel: "docker.events", host: "nas1", data: DOCKER_START });
    // Not subscribed by the example (it only has a branch for it): never delivered.
    await h.bus.publish({ channel: "temperature.alert", host: "nas1", data: CPU_HOT });
    await h.bus.publish({
      channel: "system.stats",
      host: "nas1",
      data: { ...stats(61), memory_percent: 73.2 },
    });
    await client.reported((r) => r.cpu === 61, "the second system.stats figures");

    // The gateway shuts down (1001): the example's `async for` ends without an exception.
    await stop();
    expect(await client.exited()).toBe(0);
    expect(client.reports()).toEqual([
      { opened: true },
      { type: "subscription_ack" },
      { type: "subscription_ack" },
      { type: "system.stats", cpu: 25.5, memory: 50 },
      { type: "docker.events", action: "start", container: "plex" },
      { type: "system.stats", cpu: 61, memory: 73.2 },
      { closed: 1001 },
    ]);
    expect(client.stderr()).toBe("");
  });

  it("UMA guide, JavaScript (Browser) example in Chromium: subscribes to three channels and hands each event's data to its handler", async () => {
    const h = owned.own(await startHarness());
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storage(2) }); // not subscribed
    const { page, pageErrors }: ClientPage = owned.own(await openClientPage("uma-browser-page.html", url(h)));

    await subscribedTo(h, 3);
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(25.5) });
    await h.bus.publish({ channel: "docker.events", host: "nas1", data: DOCKER_START });
    await h.bus.publish({ channel: "temperature.alert", host: "nas1", data: CPU_HOT });
    await h.bus.publish({ channel: "resource.alert", host: "nas1", data: MEMORY_HIGH }); // not subscribed
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(61) });
    type Handled = { types: string[]; byType: Record<string, unknown[]>; closes: number[] };
    const handled = await waitFor(
      async () => {
        const seen = (await page.evaluate("window.handled")) as Handled;
        return seen.types.length === 7 ? seen : undefined;
      },
      { description: "seven frames handled by the page" },
    );

    expect(handled.types).toEqual([
      "subscription_ack",
      "subscription_ack",
      "subscription_ack",
      "system.stats",
      "docker.events",
      "temperature.alert",
      "system.stats",
    ]);
    expect(handled.byType).toEqual({
      "system.stats": [stats(25.5), stats(61)],
      "docker.events": [DOCKER_START],
      "temperature.alert": [CPU_HOT],
    });
    expect(handled.closes).toEqual([]);
    expect(h.gateway.clients()[0]).toMatchObject({
      principal: "reader",
      channels: ["system.stats", "docker.events", "temperature.alert"],
      user_agent: expect.stringContaining("Chrome/"),
    });
    expect(pageErrors).toEqual([]);
  });
});
