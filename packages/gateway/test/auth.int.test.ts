import { Writable } from "node:stream";
import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { connect, ofType, refused, type TestClient } from "./helpers/client.js";
import { type Harness, JWT_SECRET, READ_TOKEN, startHarness } from "./helpers/harness.js";

let h: Harness | undefined;
let clients: TestClient[] = [];
const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
  h = await startHarness(options);
  return h;
};
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

const hs256 = (claims: Record<string, unknown>, expSeconds: number, secret = JWT_SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("alice")
    .setExpirationTime(Math.floor(Date.now() / 1000) + expSeconds)
    .sign(new TextEncoder().encode(secret));

describe("refused at the HTTP upgrade, before any WebSocket exists", () => {
  it("401 without a token", async () => {
    await start();
    const res = await refused(h!.wsUrl);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain("Bearer");
    expect(JSON.parse(res.body)).toMatchObject({ error: "unauthorized" });
  });

  it("401 for a wrong token, in every place a token may be", async () => {
    await start();
    expect((await refused(`${h!.wsUrl}?token=wrong-token-0123456789`)).status).toBe(401);
    expect(
      (await refused(h!.wsUrl, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status,
    ).toBe(401);
    expect(
      (await refused(h!.wsUrl, { protocols: ["wirewatch", "token.wrong-token-0123456789"] })).status,
    ).toBe(401);
    // a token that is a prefix of a real one is wrong too
    expect((await refused(`${h!.wsUrl}?token=${READ_TOKEN.slice(0, -1)}`)).status).toBe(401);
  });

  it("401 for an expired JWT and for a JWT signed with another key", async () => {
    await start();
    const expired = await hs256({ permissions: ["read"] }, -60);
    expect((await refused(`${h!.wsUrl}?token=${expired}`)).status).toBe(401);
    const foreign = await hs256({ permissions: ["read"] }, 60, "another-secret-0123456789abcdef-012345");
    expect((await refused(`${h!.wsUrl}?token=${foreign}`)).status).toBe(401);
  });

  it("404 for a path no dialect serves", async () => {
    await start();
    const res = await refused(`ws://127.0.0.1:${h!.listening.port}/nope?token=${READ_TOKEN}`);
    expect(res.status).toBe(404);
  });

  it("426 for a plain HTTP GET of the WebSocket path", async () => {
    await start();
    const res = await fetch(`${h!.httpUrl}/api/v1/ws`);
    expect(res.status).toBe(426);
  });
});

describe("accepted tokens", () => {
  it("accepts ?token=, Bearer and the token.<TOKEN> subprotocol, echoing only `wirewatch`", async () => {
    await start();
    const q = track(await connect(`${h!.wsUrl}?token=${READ_TOKEN}`));
    const b = track(await connect(h!.wsUrl, { headers: { authorization: `Bearer ${READ_TOKEN}` } }));
    const p = track(await connect(h!.wsUrl, { protocols: ["wirewatch", `token.${READ_TOKEN}`] }));
    expect(p.ws.protocol).toBe("wirewatch");
    for (const c of [q, b, p]) {
      c.send({ type: "ping" });
      await c.next(ofType("pong"));
    }
    expect(h!.gateway.clients().map((c) => c.principal)).toEqual(["reader", "reader", "reader"]);
  });

  it("accepts an HS256 JWT and applies its channels and permissions claims", async () => {
    await start();
    const jwt = await hs256({ permissions: ["read"], channels: ["system.*", "sensors"] }, 600);
    const c = track(await connect(`${h!.wsUrl}?token=${jwt}`));
    c.send({ type: "subscribe", channels: ["system.stats", "sensors"], id: "ok" });
    expect(await c.next((m) => m.id === "ok")).toMatchObject({ type: "subscription_ack" });
    c.send({ type: "subscribe", channel: "docker.events", id: "no" });
    expect(await c.next((m) => m.id === "no")).toMatchObject({ type: "error", code: "forbidden_channel" });
    expect(h!.gateway.clients()[0]?.principal).toBe("jwt:alice");
  });

  it("accepts an RS256 JWT verified with the configured public key", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    await start({
      auth: { mode: "token", jwt: { publicKey: await exportSPKI(publicKey), algorithms: ["RS256"] } },
    });
    const jwt = await new SignJWT({ permissions: ["read"] })
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("bob")
      .setExpirationTime("5m")
      .sign(privateKey);
    const c = track(await connect(`${h!.wsUrl}?token=${jwt}`));
    c.send({ type: "ping" });
    await c.next(ofType("pong"));
    // HS256 is not accepted when only an RS256 key is configured
    expect((await refused(`${h!.wsUrl}?token=${await hs256({}, 60)}`)).status).toBe(401);
  });

  it("closes 4401 when the JWT expires mid-connection", async () => {
    await start();
    const jwt = await hs256({ permissions: ["read"] }, 3);
    const c = track(await connect(`${h!.wsUrl}?token=${jwt}`));
    const closed = await c.waitClose(10_000);
    expect(closed).toEqual({ code: CLOSE_CODES.unauthorized, reason: "token expired" });
  });

  it("never writes a token to the logs", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    await start({ logger: pino({ level: "debug" }, sink) });
    const c = track(
      await connect(`${h!.wsUrl}?token=${READ_TOKEN}`, { protocols: ["wirewatch", `token.${READ_TOKEN}`] }),
    );
    c.send({ type: "ping" });
    await c.next(ofType("pong"));
    await refused(`${h!.wsUrl}?token=wrong-token-0123456789`);
    c.close();
    await c.waitClose();
    const text = lines.join("");
    expect(text).toContain("reader");
    expect(text).toContain("upgrade refused");
    expect(text).not.toContain(READ_TOKEN);
    expect(text).not.toContain("wrong-token-0123456789");
  });
});

describe("auth off (WIREWATCH_AUTH=none) and origins", () => {
  it("lets anyone connect without a token, but refuses cross-origin browsers", async () => {
    await start({ auth: { mode: "none" } });
    const c = track(await connect(h!.wsUrl));
    c.send({ type: "subscribe", channel: "gateway.clients" });
    expect(await c.next(ofType("subscription_ack"))).toBeTruthy();
    const host = `127.0.0.1:${h!.listening.port}`;
    track(await connect(h!.wsUrl, { origin: `http://${host}` }));
    expect((await refused(h!.wsUrl, { origin: "http://evil.example" })).status).toBe(403);
    expect((await refused(h!.wsUrl, { origin: "null" })).status).toBe(403);
  });

  it("accepts any Origin with a valid token when no allow-list is set", async () => {
    await start();
    track(await connect(`${h!.wsUrl}?token=${READ_TOKEN}`, { origin: "https://elsewhere.example" }));
  });

  it("enforces a configured allow-list", async () => {
    await start({ allowedOrigins: ["https://dash.example.com"] });
    track(await connect(`${h!.wsUrl}?token=${READ_TOKEN}`, { origin: "https://dash.example.com" }));
    track(await connect(`${h!.wsUrl}?token=${READ_TOKEN}`));
    const res = await refused(`${h!.wsUrl}?token=${READ_TOKEN}`, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("per-IP connection limit", () => {
  /** Connects past the limit: the upgrade succeeds, then the gateway closes with 1013 and a hint. */
  const tryAgainLater = async (url: string, options: Parameters<typeof connect>[1] = {}) => {
    const c = await connect(url, options);
    const closed = await c.waitClose();
    expect(c.messages).toEqual([]);
    return {
      code: closed.code,
      hint: JSON.parse(closed.reason) as { reconnect: boolean; retry_after_ms: number },
    };
  };

  it("closes 1013 with a retry hint past the limit, holds no slot for it, and frees the slot on close", async () => {
    await start({ limits: { maxConnectionsPerIp: 2 } });
    const url = `${h!.wsUrl}?token=${READ_TOKEN}`;
    const a = track(await connect(url));
    track(await connect(url));
    const refusal = await tryAgainLater(url);
    expect(refusal.code).toBe(1013);
    expect(refusal.hint.reconnect).toBe(true);
    expect(refusal.hint.retry_after_ms).toBeGreaterThanOrEqual(2000);
    expect(refusal.hint.retry_after_ms).toBeLessThan(4000);
    expect(h!.gateway.stats().connections).toBe(2);
    a.close();
    await a.waitClose();
    await waitFor(() => h!.gateway.stats().connections === 1);
    track(await connect(url));
  });

  it("checks the token first: a bad token past the limit still gets 401", async () => {
    await start({ limits: { maxConnectionsPerIp: 1 } });
    track(await connect(`${h!.wsUrl}?token=${READ_TOKEN}`));
    expect((await refused(`${h!.wsUrl}?token=wrong-token-0123456789`)).status).toBe(401);
  });

  it("believes X-Forwarded-For only from trusted proxies", async () => {
    await start({ limits: { maxConnectionsPerIp: 1 }, trustedProxies: ["127.0.0.0/8"] });
    const url = `${h!.wsUrl}?token=${READ_TOKEN}`;
    track(await connect(url, { headers: { "x-forwarded-for": "203.0.113.7" } }));
    track(await connect(url, { headers: { "x-forwarded-for": "203.0.113.8" } }));
    expect((await tryAgainLater(url, { headers: { "x-forwarded-for": "203.0.113.7" } })).code).toBe(1013);
    // a client-supplied hop left of the proxy's entry is not believed
    expect(
      (await tryAgainLater(url, { headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.7" } })).code,
    ).toBe(1013);
    expect(
      h!.gateway
        .clients()
        .map((c) => c.address)
        .sort(),
    ).toEqual(["203.0.113.7", "203.0.113.8"]);
  });

  it("ignores X-Forwarded-For from untrusted peers, and says so in the log once", async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: "warn" },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    await start({ limits: { maxConnectionsPerIp: 1 }, logger });
    const url = `${h!.wsUrl}?token=${READ_TOKEN}`;
    track(await connect(url, { headers: { "x-forwarded-for": "203.0.113.7" } }));
    expect((await tryAgainLater(url, { headers: { "x-forwarded-for": "203.0.113.8" } })).code).toBe(1013);
    expect(lines.filter((l) => l.includes("gateway.trustedProxies"))).toHaveLength(1);
  });
});
