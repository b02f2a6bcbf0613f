import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { useScriptedClients } from "./helpers/scripted-clients.js";
import { everyNBytes, type Script, upsdScript } from "./helpers/scripted-server.js";

/**
 * The client over a real loopback TCP connection to a scripted server: split replies, unknown
 * lines, silence and ERR codes (client-session.int.test.ts: credentials, reconnects, STARTTLS).
 */

const UPS1 = {
  "battery.charge": "100",
  "ups.status": "OL CHRG",
  "ups.alarm": 'Batterie "défectueuse" \\ remplacer – bientôt',
  "device.serial": "",
};

const { setup } = useScriptedClients();

describe("replies split across reads", () => {
  for (const [label, cuts] of [
    ["every 7 bytes", everyNBytes(7)],
    ["every byte", everyNBytes(1)],
    [
      "mid-escape and mid-character",
      (length: number) => [12, 13, 14, 40, 41, 69, 70, 71, 72].filter((c) => c < length),
    ],
  ] as const) {
    it(`reads LIST UPS, LIST VAR and GET VAR cut ${label}`, async () => {
      const { client } = await setup(upsdScript({ ups1: UPS1, "ups-2": {} }), {}, { cuts, pieceDelayMs: 0 });
      expect(await client.listUps()).toEqual([
        { name: "ups1", description: "Test UPS ups1" },
        { name: "ups-2", description: "Test UPS ups-2" },
      ]);
      expect(await client.listVars("ups1")).toEqual(UPS1);
      expect(await client.getVar("ups1", "ups.alarm")).toBe(UPS1["ups.alarm"]);
      expect(await client.listVars("ups-2")).toEqual({});
    });
  }

  it("answers pipelined commands in order, each with its own reply", async () => {
    const { client, server } = await setup(upsdScript({ ups1: UPS1 }));
    const results = await Promise.all([
      client.getVar("ups1", "battery.charge"),
      client.listVars("ups1"),
      client.getVar("ups1", "ups.status"),
      client.getVar("ups1", "nope").catch((err: Error & { code: string }) => err.code),
      client.listUps(),
    ]);
    expect(results).toEqual([
      "100",
      UPS1,
      "OL CHRG",
      "VAR-NOT-SUPPORTED",
      [{ name: "ups1", description: "Test UPS ups1" }],
    ]);
    expect(server.connections).toHaveLength(1);
  });

  it("reads LIST RW and LIST CMD", async () => {
    const script: Script = (line) =>
      line === "LIST RW ups1"
        ? 'BEGIN LIST RW ups1\nRW ups1 input.transfer.high "280"\nRW ups1 ups.id "rack \\"A\\""\nEND LIST RW ups1\n'
        : line === "LIST CMD ups1"
          ? "BEGIN LIST CMD ups1\nCMD ups1 beeper.disable\nCMD ups1 test.battery.start.quick\nEND LIST CMD ups1\n"
          : "ERR UNKNOWN-COMMAND\n";
    const { client } = await setup(script);
    expect(await client.listRw("ups1")).toEqual({ "input.transfer.high": "280", "ups.id": 'rack "A"' });
    expect(await client.listCmd("ups1")).toEqual(["beeper.disable", "test.battery.start.quick"]);
  });
});

describe("unknown lines", () => {
  it("ignores lines that arrive while no command waits, and unknown lines inside a list", async () => {
    const base = upsdScript({ ups1: { "ups.status": "OL" } });
    const script: Script = (line, connection) =>
      line === "LIST VAR ups1"
        ? 'BEGIN LIST VAR ups1\nX-NEW-THING 1 2 3\nVAR ups1 ups.status "OL"\nTYPE ups1 ups.status STRING\nEND LIST VAR ups1\n'
        : base(line, connection);
    const { client, server } = await setup(script);
    expect(await client.listUps()).toHaveLength(1);
    (await server.connection(1)).write("NOTICE something unsolicited\n");
    await waitFor(() => client.stats().ignoredLines === 1);
    expect(await client.listVars("ups1")).toEqual({ "ups.status": "OL" });
    expect(client.stats().ignoredLines).toBe(3);
    expect(await client.getVar("ups1", "ups.status")).toBe("OL");
    expect(server.connections).toHaveLength(1);
  });

  it("fails a command whose reply does not fit, resets the connection and recovers", async () => {
    const base = upsdScript({ ups1: { "ups.status": "OL" } });
    let garbled = true;
    const script: Script = (line, connection) => {
      if (line === "GET VAR ups1 ups.status" && garbled) {
        garbled = false;
        return "HELLO from another protocol\n";
      }
      return base(line, connection);
    };
    const { client, server } = await setup(script);
    const [first, second] = await Promise.allSettled([client.getVar("ups1", "ups.status"), client.listUps()]);
    expect(first).toMatchObject({ status: "rejected", reason: { code: "WW_NUT_PROTOCOL" } });
    expect(second).toMatchObject({ status: "rejected", reason: { code: "WW_NUT_CLOSED" } });
    await server.connection(2);
    await waitFor(() => client.state() === "ready");
    expect(await client.getVar("ups1", "ups.status")).toBe("OL");
  });

  it("fails on a line longer than maxLineBytes", async () => {
    const { client } = await setup(() => `VAR ups1 x "${"y".repeat(500)}"\n`, { maxLineBytes: 100 });
    await expect(client.getVar("ups1", "x")).rejects.toMatchObject({
      code: "WW_NUT_PROTOCOL",
      message: /sent a line longer than 100 bytes/,
    });
  });
});

describe("silence", () => {
  it("times the command out, resets the connection, then reconnects by itself", async () => {
    const base = upsdScript({ ups1: { "ups.status": "OB DISCHRG" } });
    // The first connection goes silent (a hung upsd); the next one answers.
    const script: Script = (line, connection) =>
      connection.index === 1 ? { silent: true } : base(line, connection);
    const { client, server } = await setup(script, { timeoutMs: 300 });
    const [timedOut, behind] = await Promise.allSettled([
      client.getVar("ups1", "ups.status"),
      client.listUps(),
    ]);
    expect(timedOut).toMatchObject({ status: "rejected", reason: { code: "WW_NUT_TIMEOUT" } });
    expect((timedOut as PromiseRejectedResult).reason.message).toMatch(/GET VAR ups1 ups.status: no reply/);
    expect(behind).toMatchObject({ status: "rejected", reason: { code: "WW_NUT_CLOSED" } });
    expect(client.stats().timeouts).toBe(1);
    await server.connection(2);
    await waitFor(() => client.state() === "ready");
    expect(await client.getVar("ups1", "ups.status")).toBe("OB DISCHRG");
    expect(client.stats()).toMatchObject({ connects: 2, failures: 0 });
  });

  it("times out a per-command timeout shorter than the client's", async () => {
    const { client } = await setup(() => ({ silent: true }), { timeoutMs: 5_000 });
    await expect(client.listUps({ timeoutMs: 100 })).rejects.toMatchObject({ code: "WW_NUT_TIMEOUT" });
  });

  it("rejects an aborted command at once and still drops its late reply", async () => {
    const base = upsdScript({ ups1: { "ups.status": "OL", "battery.charge": "42" } });
    const { client } = await setup(base, {}, { pieceDelayMs: 20 });
    const controller = new AbortController();
    const aborted = client.listVars("ups1", { signal: controller.signal });
    const next = client.getVar("ups1", "battery.charge");
    controller.abort(new Error("gather deadline"));
    await expect(aborted).rejects.toThrow("gather deadline");
    expect(await next).toBe("42");
  });
});

describe("ERR codes", () => {
  const codes = [
    "ACCESS-DENIED",
    "UNKNOWN-UPS",
    "VAR-NOT-SUPPORTED",
    "DATA-STALE",
    "DRIVER-NOT-CONNECTED",
    "INVALID-ARGUMENT",
    "UNKNOWN-COMMAND",
    "SOMETHING-NEW",
  ];

  it("rejects each with a NutError carrying upsd's code, on one healthy connection", async () => {
    let next = 0;
    const { client, server } = await setup((line) =>
      line.startsWith("GET VAR") ? `ERR ${codes[next++]}\n` : "ERR UNKNOWN-COMMAND\n",
    );
    for (const code of codes) {
      const err = await client.getVar("ups1", "ups.status").catch((e: unknown) => e);
      expect(err).toMatchObject({
        name: "NutError",
        code,
        fromServer: true,
        command: "GET VAR ups1 ups.status",
      });
    }
    expect(server.connections).toHaveLength(1);
    expect(client.stats().failures).toBe(0);
  });

  it("turns ERR instead of a list into that error", async () => {
    const { client } = await setup(() => "ERR DATA-STALE\n");
    await expect(client.listVars("ups1")).rejects.toMatchObject({ code: "DATA-STALE" });
  });
});
