import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  createMonServDialect,
  createNativeDialect,
  createNzbFlowDialect,
  createTvheadendDialect,
  listenGateway,
} from "../src/index.js";
import { connect, refused, type TestClient } from "./helpers/client.js";
import {
  ADMIN_TOKEN,
  type Harness,
  LIMITED_TOKEN,
  READ_TOKEN,
  rootStorage,
  startHarness,
  stats,
} from "./helpers/harness.js";

/**
 * The three seed dialects on the wire (architecture §5): what each sends, how each treats client frames
 * and bad tokens, and Tvheadend's boxid mailbox. What each product's documented clients do runs
 * in the *-clients.int.test.ts files; this file pins the edges those clients never reach.
 */
let h: Harness | undefined;
let clients: TestClient[] = [];
const track = (c: TestClient) => {
  clients.push(c);
  return c;
};

afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await h?.close();
  h = undefined;
});

const start = (options: { mailboxTtlMs?: number } = {}) =>
  startHarness({
    dialects: [
      createNativeDialect(),
      createMonServDialect(),
      createNzbFlowDialect(),
      createTvheadendDialect({ batchIntervalMs: 50, ...options }),
    ],
    clientsIntervalMs: 100,
  });
const base = () => `ws://127.0.0.1:${h!.listening.port}`;
const alert = (state: string, extra: Record<string, unknown> = {}) => ({
  resource: "memory",
  value: 85,
  threshold: 80,
  level: state === "firing" ? "warning" : "ok",
  state,
  message: state === "firing" ? "Memory used 85.0% (threshold 80.0%)" : "Memory back to 65.0%",
  subject: state === "firing" ? "[ALERT] nas1 Memory usage warning" : "[RECOVERED] nas1 Memory usage",
  ...extra,
});

describe("MonServ on /ws", () => {
  it("pushes metrics_update and alert frames and ignores whatever the client sends", async () => {
    h = await start();
    const c = track(await connect(`${base()}/ws?token=${READ_TOKEN}`));
    await waitFor(() => h!.gateway.clients()[0]?.channels.includes("resource.alert"));
    for (let i = 0; i < 30; i++)
      c.sendRaw(i % 3 === 0 ? "not json" : JSON.stringify({ type: "subscribe", channel: "log" }));
    c.sendRaw(Buffer.from([0, 1, 2]));
    await waitFor(() => h!.gateway.clients()[0]?.messages_in === 31);
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(40) });
    await h.bus.publish({ channel: "resource.alert", host: "nas1", data: alert("unknown") });
    await h.bus.publish({ channel: "resource.alert", host: "nas1", data: alert("firing") });
    await h.bus.publish({
      channel: "resource.alert",
      host: "nas1",
      data: alert("firing", { transition: "acknowledged" }),
    });
    await h.bus.publish({ channel: "resource.alert", host: "nas1", data: alert("resolved") });
    await c.next((m) => m.alert_type === "recovery");
    expect(c.messages).toEqual([
      {
        type: "metrics_update",
        data: {
          "local://nas1": expect.objectContaining({
            hostname: "nas1",
            cpu: expect.objectContaining({ usedPercent: 40 }),
          }),
        },
      },
      {
        type: "alert",
        alert_type: "alert",
        subject: "[ALERT] nas1 Memory usage warning",
        message: "Memory used 85.0% (threshold 80.0%)",
      },
      {
        type: "alert",
        alert_type: "recovery",
        subject: "[RECOVERED] nas1 Memory usage",
        message: "Memory back to 65.0%",
      },
    ]);
    expect(c.closed).toBeUndefined();
  });

  it("starts with the last value of every host and refuses a bad token with 401", async () => {
    h = await start();
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(10) });
    await h.bus.publish({
      channel: "system.stats",
      host: "nas2",
      data: { ...stats(20), source: "ssh://root:hunter2@10.0.0.2:22" },
    });
    const c = track(await connect(`${base()}/ws?token=${READ_TOKEN}`));
    const last = await c.next((m) => Object.keys((m.data ?? {}) as object).length === 2);
    expect(Object.keys(last.data as object)).toEqual(["local://nas1", "ssh://root:***@10.0.0.2:22"]);
    expect(JSON.stringify(c.messages)).not.toContain("hunter2");
    expect((await refused(`${base()}/ws?token=wrong-token-0123456789`)).status).toBe(401);
    expect((await refused(`${base()}/ws`)).status).toBe(401);
  });

  it("closes 4403 for a token that may not read every metric channel", async () => {
    h = await startHarness({
      dialects: [createMonServDialect()],
      auth: {
        mode: "token",
        tokens: [
          {
            name: "custom-only",
            token: "custom-only-token-0123456789",
            permissions: ["read"],
            channels: ["custom.*"],
          },
          {
            name: "host-data",
            token: LIMITED_TOKEN,
            permissions: ["read"],
            channels: ["system.*", "storage.status"],
          },
        ],
      },
    });
    const denied = track(await connect(`${base()}/ws?token=custom-only-token-0123456789`));
    expect((await denied.waitClose()).code).toBe(CLOSE_CODES.forbidden);
    const hostData = track(await connect(`${base()}/ws?token=${LIMITED_TOKEN}`));
    await waitFor(() =>
      h!.gateway.clients().some((c) => c.principal === "host-data" && c.channels.length === 3),
    );
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(10) });
    await hostData.next((m) => m.type === "metrics_update");
    expect(hostData.closed).toBeUndefined();
  });
});

describe("NZB Flow on /", () => {
  it("closes 4401 Unauthorized for a missing or wrong token, 4403 without admin", async () => {
    h = await start();
    for (const url of [`${base()}/`, `${base()}/?token=wrong-token-0123456789`]) {
      const c = track(await connect(url));
      expect(await c.waitClose()).toEqual({ code: CLOSE_CODES.unauthorized, reason: "Unauthorized" });
    }
    const reader = track(await connect(`${base()}/?token=${READ_TOKEN}`));
    expect((await reader.waitClose()).code).toBe(CLOSE_CODES.forbidden);
  });

  it("greets, then wraps every jobs event as {success, data} and ignores client frames", async () => {
    h = await start();
    const c = track(await connect(`${base()}?token=${ADMIN_TOKEN}`));
    await c.next((m) => (m.data as { type?: string })?.type === "connected");
    await waitFor(() => h!.gateway.clients()[0]?.channels.includes("jobs"));
    c.sendRaw("hello?");
    c.send({ type: "ping" });
    const progress = {
      type: "command-progress",
      id: "raid:nas1:md0",
      currentStep: "RAID_RESYNC",
      percentage: 45.67,
    };
    await h.bus.publish({ channel: "jobs", host: "nas1", data: progress });
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    const finished = {
      type: "task-finished",
      taskConfig: { id: "raid:nas1:md0", name: "md0 resync", status: "completed" },
    };
    await h.bus.publish({ channel: "jobs", host: "nas1", data: finished });
    await c.next((m) => (m.data as { type?: string })?.type === "task-finished");
    expect(c.messages.slice(1)).toEqual([
      { success: true, data: progress },
      { success: true, data: finished },
    ]);
    expect(c.closed).toBeUndefined();
  });
});

describe("Tvheadend on /comet/ws", () => {
  const frames = (c: TestClient) => c.messages as { boxid?: string; messages: Record<string, unknown>[] }[];
  const all = (c: TestClient) => frames(c).flatMap((f) => f.messages);

  it("accepts the tvheadend-comet subprotocol when offered and works without it", async () => {
    h = await start();
    const offered = track(
      await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}`, { protocols: ["tvheadend-comet"] }),
    );
    expect(offered.ws.protocol).toBe("tvheadend-comet");
    const plain = track(await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}`));
    expect(plain.ws.protocol).toBe("");
    for (const c of [offered, plain])
      expect((await c.next((m) => "boxid" in m)).messages).toBeInstanceOf(Array);
    expect((await refused(`${base()}/comet/ws?token=wrong-token-0123456789`)).status).toBe(401);
  });

  it("batches messages and resumes a mailbox by ?boxid= with what was missed, in order", async () => {
    h = await start();
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: rootStorage(900, 300) });
    const first = track(await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}`));
    const hello = (await first.next((m) => "boxid" in m)) as { boxid: string; messages: unknown[] };
    expect(hello.boxid).toMatch(/^[0-9a-f]{32}$/);
    expect(hello.messages).toContainEqual({
      freediskspace: 600,
      useddiskspace: 300,
      totaldiskspace: 900,
      notificationClass: "diskspaceUpdate",
    });
    await h.bus.publish({ channel: "log", host: "gw", data: { level: "info", source: "test", text: "one" } });
    await waitFor(() => all(first).some((m) => String(m.logtxt).endsWith("test: one")));
    first.ws.close();
    await first.waitClose();
    for (const text of ["two", "three"])
      await h.bus.publish({ channel: "log", host: "gw", data: { level: "info", source: "test", text } });

    const again = track(await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}&boxid=${hello.boxid}`));
    await waitFor(() => all(again).some((m) => String(m.logtxt).endsWith("test: three")));
    expect(frames(again)[0]!.boxid).toBe(hello.boxid);
    const logs = all(again)
      .filter((m) => m.notificationClass === "logmessage")
      .map((m) => String(m.logtxt).split(" test: ")[1]);
    expect(logs).toEqual(["two", "three"]);

    const fresh = track(
      await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}&boxid=0123456789abcdef0123456789abcdef`),
    );
    const freshHello = (await fresh.next((m) => "boxid" in m)) as { boxid: string };
    expect(freshHello.boxid).not.toBe(hello.boxid);
  });

  it("starts a fresh mailbox once the boxid has expired, and gives readers only what they may read", async () => {
    h = await start({ mailboxTtlMs: 50 });
    const first = track(await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}`));
    const hello = (await first.next((m) => "boxid" in m)) as { boxid: string };
    first.ws.close();
    await first.waitClose();
    await new Promise((resolve) => setTimeout(resolve, 120));
    const late = track(await connect(`${base()}/comet/ws?token=${ADMIN_TOKEN}&boxid=${hello.boxid}`));
    expect(((await late.next((m) => "boxid" in m)) as { boxid: string }).boxid).not.toBe(hello.boxid);

    const reader = track(await connect(`${base()}/comet/ws?token=${READ_TOKEN}`));
    await waitFor(() => h!.gateway.clients().some((c) => c.principal === "reader" && c.channels.length > 0));
    expect(h.gateway.clients().find((c) => c.principal === "reader")!.channels).toEqual(["storage.status"]);
    expect(reader.closed).toBeUndefined();
  });
});

describe("extra ports", () => {
  it("serves the dialects on each extra port too, and closes them with the gateway", async () => {
    h = await start();
    const extra = await listenGateway(h.gateway, { host: "127.0.0.1", port: 0, extraPorts: [0] });
    expect(extra.extraPorts).toHaveLength(1);
    const c = track(await connect(`ws://127.0.0.1:${extra.extraPorts[0]}/ws?token=${READ_TOKEN}`));
    await waitFor(() => h!.gateway.clients().length === 1);
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    await c.next((m) => m.type === "metrics_update");
    await extra.close();
    expect((await c.waitClose()).code).toBe(CLOSE_CODES.goingAway);
  });
});
