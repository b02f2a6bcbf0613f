import { DUMMY_UPS_VARS, startUpsd, type Upsd, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNutClient, type NutClient, type NutClientOptions } from "../src/index.js";

/** The client against NUT's real upsd (Debian nut-server) with dummy-ups drivers. */

let upsd: Upsd;
const clients: NutClient[] = [];

const client = (options: Partial<NutClientOptions> = {}) => {
  const created = createNutClient({
    host: upsd.host,
    port: upsd.port,
    timeoutMs: 2_000,
    reconnect: { minDelayMs: 50, maxDelayMs: 500 },
    ...options,
  });
  clients.push(created);
  return created;
};

beforeAll(async () => {
  upsd = await startUpsd({
    upses: [
      {
        name: "ups1",
        vars: { ...DUMMY_UPS_VARS, "ups.alarm": "Replace battery! (2 weeks)" },
        description: 'Rack "A" UPS',
      },
      { name: "ups2", vars: { "ups.status": "OB DISCHRG", "battery.charge": "57" } },
    ],
    users: [{ name: "monuser", password: 'pass word\\with "quotes"', upsmon: "secondary" }],
    maxAgeS: 3,
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await upsd?.stop();
});

describe("NUT client against upsd", () => {
  it("lists UPSes with their escaped descriptions, and their variables", async () => {
    const nut = client();
    expect(await nut.listUps()).toEqual([
      { name: "ups1", description: 'Rack "A" UPS' },
      { name: "ups2", description: "Description unavailable" },
    ]);
    const vars = await nut.listVars("ups1");
    expect(vars).toMatchObject({
      ...DUMMY_UPS_VARS,
      "ups.alarm": "Replace battery! (2 weeks)",
      "driver.name": "dummy-ups",
    });
    expect(await nut.getVar("ups2", "battery.charge")).toBe("57");
    expect(await nut.getUpsDescription("ups1")).toBe('Rack "A" UPS');
  });

  it("lists writable variables and instant commands of the dummy driver", async () => {
    const nut = client();
    expect(await nut.listRw("ups1")).toMatchObject({ "ups.status": "OL", "battery.charge": "100" });
    expect(await nut.listCmd("ups1")).toContain("load.off");
  });

  it("rejects with upsd's codes: UNKNOWN-UPS, VAR-NOT-SUPPORTED, USERNAME-REQUIRED", async () => {
    const nut = client();
    await expect(nut.listVars("nope")).rejects.toMatchObject({ code: "UNKNOWN-UPS", fromServer: true });
    await expect(nut.getVar("ups1", "no.such.var")).rejects.toMatchObject({ code: "VAR-NOT-SUPPORTED" });
    await expect(nut.login("ups1")).rejects.toMatchObject({ code: "USERNAME-REQUIRED" });
    expect(await nut.getVar("ups1", "ups.status")).toBe("OL");
    expect(nut.stats()).toMatchObject({ connects: 1, failures: 0, timeouts: 0 });
  });

  it("logs in with a quoted password, and a wrong one is ACCESS-DENIED", async () => {
    const good = client({ username: "monuser", password: 'pass word\\with "quotes"' });
    await good.login("ups1");
    expect(await upsd.query("GET NUMLOGINS ups1")).toEqual(["NUMLOGINS ups1 1"]);
    const bad = client({ username: "monuser", password: "wrong" });
    const err = await bad.login("ups1").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ACCESS-DENIED", command: "LOGIN ups1" });
    expect(String(err)).not.toContain("wrong");
  });

  it("sees DATA-STALE while the driver is paused and DRIVER-NOT-CONNECTED while it is gone", async () => {
    const nut = client();
    expect(await nut.getVar("ups2", "ups.status")).toBe("OB DISCHRG");
    upsd.pauseDriver("ups2");
    try {
      await waitFor(
        async () => (await nut.listVars("ups2").catch((e: { code: string }) => e.code)) === "DATA-STALE",
        {
          timeoutMs: 20_000,
          intervalMs: 200,
        },
      );
      // the other UPS is unaffected, on the same connection
      expect(await nut.getVar("ups1", "ups.status")).toBe("OL");
    } finally {
      upsd.resumeDriver("ups2");
    }
    await upsd.stopDriver("ups2");
    await waitFor(
      async () =>
        (await nut.getVar("ups2", "ups.status").catch((e: { code: string }) => e.code)) ===
        "DRIVER-NOT-CONNECTED",
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    await upsd.startDriver("ups2");
    expect(await nut.getVar("ups2", "battery.charge")).toBe("57");
    expect(nut.stats().connects).toBe(1);
  });
});
