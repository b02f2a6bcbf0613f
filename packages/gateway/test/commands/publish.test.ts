import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import { afterEach, describe, expect, it } from "vitest";
import type { Permission, Principal } from "../../src/auth/principal.js";
import { createCustomChannels } from "../../src/commands/custom-channels.js";
import { ENVELOPE_RESERVE_BYTES, MAX_DATA_DEPTH, publishEvent } from "../../src/commands/publish.js";

let bus = createMemoryBus({ logger: silentLogger });
afterEach(async () => {
  await bus.close();
  bus = createMemoryBus({ logger: silentLogger });
});
const depsOf = (maxCustomChannels = 100) => ({
  bus,
  hostName: "gw1",
  maxFrameBytes: 4096,
  customChannels: createCustomChannels(maxCustomChannels),
});
/** `{"a":{"a":…{"a":1}}}`, `levels` objects deep. */
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
};
const who = (permissions: Permission[], channels?: string[]): Principal => ({
  name: "script",
  source: "static",
  permissions: new Set(permissions),
  ...(channels ? { channels } : {}),
});
const publisher = who(["publish"]);

describe("publishEvent", () => {
  it("publishes custom.* with the gateway's host name by default", async () => {
    const out = await publishEvent(depsOf(), publisher, { channel: "custom.backup", data: { pct: 50 } });
    expect(out).toMatchObject({
      ok: true,
      event: { channel: "custom.backup", host: "gw1", seq: 1, data: { pct: 50 } },
    });
    expect(await bus.last("custom.backup")).toMatchObject({ seq: 1 });
  });

  it("takes an explicit host and publishes jobs", async () => {
    const out = await publishEvent(depsOf(), publisher, {
      channel: "jobs",
      host: "nas2",
      data: { type: "task-finished", taskConfig: { status: "ok" } },
    });
    expect(out).toMatchObject({ ok: true, event: { host: "nas2", channel: "jobs" } });
  });

  it("refuses with precise codes and HTTP statuses", async () => {
    const cases: [Principal, Record<string, unknown>, string, number][] = [
      [who(["read"]), { channel: "custom.a", data: {} }, "forbidden", 403],
      [publisher, { channel: "custom.*", data: {} }, "invalid_channel", 400],
      [publisher, { channel: 7, data: {} }, "invalid_channel", 400],
      [publisher, { channel: "custom.a.b", data: {} }, "unknown_channel", 400],
      [publisher, { channel: "system.stats", data: {} }, "bad_publish", 400],
      [publisher, { channel: "custom.a@nas1", data: {} }, "bad_publish", 400],
      [who(["publish"], ["custom.b"]), { channel: "custom.a", data: {} }, "forbidden_channel", 403],
      [publisher, { channel: "custom.a", data: [1] }, "bad_publish", 400],
      [publisher, { channel: "custom.a", data: null }, "bad_publish", 400],
      [publisher, { channel: "custom.a" }, "bad_publish", 400],
      [publisher, { channel: "jobs", data: { type: "nope" } }, "bad_publish", 400],
      [publisher, { channel: "custom.a", data: {}, host: "bad host" }, "bad_publish", 400],
      [publisher, { channel: "custom.a", data: {}, host: 5 }, "bad_publish", 400],
    ];
    for (const [principal, input, code, status] of cases) {
      const out = await publishEvent(depsOf(), principal, input as never);
      expect(out, JSON.stringify(input)).toMatchObject({ ok: false, code, status });
    }
    expect(await bus.last("custom.a")).toBeUndefined();
  });

  it("refuses data nested deeper than the limit as bad input, even 10 000 levels deep", async () => {
    const deps = depsOf();
    expect(
      (await publishEvent(deps, publisher, { channel: "custom.a", data: nested(MAX_DATA_DEPTH) })).ok,
    ).toBe(true);
    for (const levels of [MAX_DATA_DEPTH + 1, 10_000]) {
      const out = await publishEvent(deps, publisher, { channel: "custom.a", data: nested(levels) });
      expect(out).toMatchObject({ ok: false, code: "bad_publish", status: 400 });
      expect(out.ok ? "" : out.message).toMatch(/deeper than 32 levels/);
    }
  });

  it("refuses a new custom channel past the limit, naming the setting; known ones and jobs still work", async () => {
    const deps = depsOf(2);
    for (const channel of ["custom.a", "custom.b", "custom.a"])
      expect((await publishEvent(deps, publisher, { channel, data: {} })).ok).toBe(true);
    const refused = await publishEvent(deps, publisher, { channel: "custom.c", data: {} });
    expect(refused).toMatchObject({ ok: false, code: "bad_publish", status: 403 });
    expect(refused.ok ? "" : refused.message).toMatch(/gateway\.maxCustomChannels/);
    expect(await bus.last("custom.c")).toBeUndefined();
    expect((await publishEvent(deps, publisher, { channel: "custom.b", data: {} })).ok).toBe(true);
    const job = { type: "task-finished", taskConfig: { status: "ok" } };
    expect((await publishEvent(deps, publisher, { channel: "jobs", data: job })).ok).toBe(true);
  });

  it("counts a custom channel only once a publish to it went through", async () => {
    const deps = depsOf(1);
    // A bus that is up but refuses the event (as Redis does when it stops answering mid-publish).
    const refusing = {
      ...deps,
      bus: Object.assign(Object.create(bus), { publish: () => Promise.reject(new Error("timeout")) }),
    };
    expect(await publishEvent(refusing, publisher, { channel: "custom.x", data: {} })).toMatchObject({
      ok: false,
      code: "unavailable",
    });
    expect((await publishEvent(deps, publisher, { channel: "custom.y", data: {} })).ok).toBe(true);
    expect((await publishEvent(deps, publisher, { channel: "custom.x", data: {} })).ok).toBe(false);
  });

  it("keeps the whole event within one frame", async () => {
    const room = depsOf().maxFrameBytes - ENVELOPE_RESERVE_BYTES;
    const fits = { blob: "x".repeat(room - '{"blob":""}'.length) };
    expect((await publishEvent(depsOf(), publisher, { channel: "custom.a", data: fits })).ok).toBe(true);
    const over = { blob: `${fits.blob}x` };
    expect(await publishEvent(depsOf(), publisher, { channel: "custom.a", data: over })).toMatchObject({
      ok: false,
      code: "bad_publish",
      status: 413,
    });
  });

  it("answers unavailable when the bus cannot take events", async () => {
    await bus.close();
    expect(await publishEvent(depsOf(), publisher, { channel: "custom.a", data: {} })).toMatchObject({
      ok: false,
      code: "unavailable",
      status: 503,
    });
  });

  it("lets admin publish without the publish permission", async () => {
    expect((await publishEvent(depsOf(), who(["admin"]), { channel: "custom.a", data: {} })).ok).toBe(true);
  });
});
