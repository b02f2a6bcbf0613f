import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { createNutClient } from "../src/index.js";
import { useScriptedClients } from "./helpers/scripted-clients.js";
import { type Script, TEST_CERT, upsdScript } from "./helpers/scripted-server.js";

/**
 * The client's session over a real loopback TCP connection to a scripted server: credentials,
 * connection loss and backoff, close, STARTTLS.
 */

const { setup, track } = useScriptedClients();

describe("credentials", () => {
  const script = upsdScript({ ups1: { "ups.status": "OL" } }, { monuser: "s3cret-pw" });

  it("sends USERNAME and PASSWORD first, and repeats LOGIN after a reconnect", async () => {
    const { client, server } = await setup(script, { username: "monuser", password: "s3cret-pw" });
    await client.login("ups1");
    expect((await server.connection(1)).received).toEqual([
      "USERNAME monuser",
      "PASSWORD s3cret-pw",
      "LOGIN ups1",
    ]);
    (await server.connection(1)).destroy();
    const second = await server.connection(2);
    await waitFor(() => second.received.length === 3);
    expect(second.received).toEqual(["USERNAME monuser", "PASSWORD s3cret-pw", "LOGIN ups1"]);
  });

  it("rejects LOGIN with a wrong password as ACCESS-DENIED, never showing the password", async () => {
    const { client } = await setup(script, { username: "monuser", password: "wrong-pw" });
    const err = await client.login("ups1").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ACCESS-DENIED", fromServer: true });
    expect(JSON.stringify(err)).not.toContain("wrong-pw");
    expect(String((err as Error).message)).not.toContain("wrong-pw");
  });

  it("fails the waiting commands with the server's error when the handshake is refused", async () => {
    const { client, server } = await setup(
      (line) => (line.startsWith("PASSWORD") ? "ERR INVALID-PASSWORD\n" : "OK\n"),
      { username: "monuser", password: "bad pw" },
    );
    const err = await client.listUps().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INVALID-PASSWORD", command: "PASSWORD ***" });
    expect((err as Error).message).toBe("PASSWORD ***: INVALID-PASSWORD (the password is malformed)");
    expect((await server.connection(1)).received).toEqual(["USERNAME monuser", 'PASSWORD "bad pw"']);
    await expect(client.listUps()).rejects.toMatchObject({ code: "WW_NUT_CONNECT" });
  });

  it("refuses arguments with line breaks before anything is sent", async () => {
    const { client, server } = await setup(script);
    await expect(client.listVars("ups1\nLOGOUT")).rejects.toMatchObject({ code: "WW_NUT_ARGUMENT" });
    expect(server.allReceived()).toEqual([]);
  });
});

describe("connection loss and backoff", () => {
  it("fails the waiting command when upsd closes, fails fast while waiting, then reconnects", async () => {
    const base = upsdScript({ ups1: { "ups.status": "OL" } });
    let closeOnce = true;
    const script: Script = (line, connection) => {
      if (closeOnce) {
        closeOnce = false;
        return { close: true };
      }
      return base(line, connection);
    };
    const { client, server } = await setup(script, { reconnect: { minDelayMs: 400, maxDelayMs: 400 } });
    await expect(client.listUps()).rejects.toMatchObject({ code: "WW_NUT_CLOSED" });
    const fast = await client.listUps().catch((e: unknown) => e);
    expect(fast).toMatchObject({ code: "WW_NUT_CONNECT" });
    expect((fast as Error).message).toMatch(/closed by upsd \(not connected; next attempt in \d+ ms\)/);
    expect(client.state()).toBe("waiting");
    await server.connection(2);
    await waitFor(() => client.state() === "ready");
    expect(await client.listUps()).toHaveLength(1);
  });

  it("reports a refused connection as WW_NUT_CONNECT and keeps retrying", async () => {
    const { server } = await setup(() => "OK\n");
    const port = server.port;
    await server.close();
    const client = track(
      createNutClient({
        host: "127.0.0.1",
        port,
        timeoutMs: 500,
        reconnect: { minDelayMs: 20, maxDelayMs: 40 },
      }),
    );
    await expect(client.listUps()).rejects.toMatchObject({ code: "WW_NUT_CONNECT" });
    await waitFor(() => client.stats().failures >= 3);
    expect(client.stats().connects).toBe(0);
  });

  it("close() fails waiting commands, says LOGOUT and stops reconnecting", async () => {
    const { client, server } = await setup((line) =>
      line === "LIST UPS" ? { silent: true } : "OK Goodbye\n",
    );
    const waiting = client.listUps();
    await waitFor(() => server.allReceived().length === 1);
    await client.close();
    await expect(waiting).rejects.toMatchObject({ code: "WW_NUT_CLOSED" });
    await waitFor(() => server.allReceived().includes("LOGOUT"));
    await expect(client.listUps()).rejects.toMatchObject({ code: "WW_NUT_CLOSED" });
    expect(client.state()).toBe("closed");
    expect(server.connections).toHaveLength(1);
  });
});

describe("STARTTLS", () => {
  const base = upsdScript({ ups1: { "ups.status": "OL" } }, { monuser: "pw" });
  const tlsScript: Script = (line, connection) =>
    line === "STARTTLS" ? { starttls: true } : base(line, connection);

  it("upgrades before sending credentials, and verifies the server certificate", async () => {
    const { client, server } = await setup(tlsScript, {
      username: "monuser",
      password: "pw",
      tls: { starttls: true, ca: TEST_CERT },
    });
    await client.login("ups1");
    expect(await client.getVar("ups1", "ups.status")).toBe("OL");
    const connection = await server.connection(1);
    expect(connection.tls).toBe(true);
    expect(connection.received).toEqual([
      "STARTTLS",
      "USERNAME monuser",
      "PASSWORD pw",
      "LOGIN ups1",
      "GET VAR ups1 ups.status",
    ]);
  });

  it("never falls back to plain text when upsd refuses STARTTLS", async () => {
    const refused: Script = (line) => (line === "STARTTLS" ? "ERR FEATURE-NOT-CONFIGURED\n" : "OK\n");
    const { client, server } = await setup(refused, {
      username: "u",
      password: "pw",
      tls: { starttls: true },
    });
    await expect(client.listUps()).rejects.toMatchObject({ code: "FEATURE-NOT-CONFIGURED" });
    expect(server.allReceived()).toEqual(["STARTTLS"]);
  });

  it("fails the connection when the certificate is not trusted", async () => {
    const { client, server } = await setup(tlsScript, {
      username: "monuser",
      password: "pw",
      tls: { starttls: true },
    });
    await expect(client.listUps()).rejects.toMatchObject({
      code: "WW_NUT_CONNECT",
      message: /TLS with upsd .* failed/,
    });
    expect(server.allReceived()).toEqual(["STARTTLS"]);
  });
});
