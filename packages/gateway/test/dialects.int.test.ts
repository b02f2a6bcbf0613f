import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createNativeDialect, type Dialect } from "../src/index.js";
import { connect, refused, type TestClient } from "./helpers/client.js";
import { ADMIN_TOKEN, type Harness, READ_TOKEN, startHarness, stats } from "./helpers/harness.js";

/**
 * The Dialect seam (architecture §5, §7): other wire formats plug in by path and share routing, auth,
 * limits and fan-out. These dialects are minimal stand-ins shaped like the ones to come:
 * a MonServ-like one without a subscribe command (it subscribes at connect) and an NZB
 * Flow-like one that reports a bad token by closing 4401 after the upgrade.
 */
const pushOnly: Dialect = {
  name: "push-only",
  path: "/push",
  subprotocols: [],
  unauthorized: "http",
  encode: (event) =>
    event.channel === "system.stats" ? JSON.stringify({ kind: "metrics", host: event.host }) : null,
  encodeReply: () => null,
  decode: () => ({ ok: false, code: "unknown_type", message: "this endpoint takes no commands" }),
  async onConnect(session) {
    const channels = session.query.getAll("channel");
    await session.subscribe(channels.length > 0 ? channels : ["system.stats"]);
  },
};
const closeOnBadToken: Dialect = {
  ...createNativeDialect({ path: "/" }),
  name: "close-4401",
  unauthorized: "close",
};

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

describe("dialects", () => {
  it("route by path; each dialect encodes once and filters what it does not forward", async () => {
    h = await startHarness({ dialects: [createNativeDialect(), pushOnly] });
    const base = `ws://127.0.0.1:${h.listening.port}`;
    const push = track(await connect(`${base}/push?token=${READ_TOKEN}`));
    const native = track(await connect(`${h.wsUrl}?token=${READ_TOKEN}`));
    native.send({ type: "subscribe", channel: "system.stats" });
    await native.next((m) => m.type === "subscription_ack");
    await waitFor(() => h!.gateway.clients().every((c) => c.channels.length === 1));
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats() });
    expect(await push.next((m) => m.kind === "metrics")).toEqual({ kind: "metrics", host: "nas1" });
    expect(await native.next((m) => m.type === "system.stats")).toMatchObject({ host: "nas1" });
    expect(h.gateway.stats().byDialect).toEqual({ "push-only": 1, native: 1 });
    expect(h.gateway.stats().channels).toEqual(["system.stats"]);
  });

  it("closes 4403 when a connect-time subscription is forbidden", async () => {
    h = await startHarness({ dialects: [pushOnly] });
    const base = `ws://127.0.0.1:${h.listening.port}`;
    const reader = track(await connect(`${base}/push?token=${READ_TOKEN}&channel=log`));
    expect((await reader.waitClose()).code).toBe(CLOSE_CODES.forbidden);
    const admin = track(await connect(`${base}/push?token=${ADMIN_TOKEN}&channel=log`));
    await waitFor(() => h!.gateway.clients().some((c) => c.principal === "admin" && c.channels[0] === "log"));
    expect(admin.closed).toBeUndefined();
  });

  it("can report a bad token by closing 4401 after the upgrade", async () => {
    h = await startHarness({ dialects: [closeOnBadToken] });
    const base = `ws://127.0.0.1:${h.listening.port}`;
    const c = track(await connect(`${base}/?token=wrong-token-0123456789`));
    expect(await c.waitClose()).toEqual({ code: CLOSE_CODES.unauthorized, reason: "Unauthorized" });
    expect((await refused(`${h.wsUrl}?token=${READ_TOKEN}`)).status).toBe(404);
  });
});
