import { type Cluster, startCluster, waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Started, startWirewatch } from "./helpers/start-process.js";

/**
 * Issue 14, defect 3: no log a deployment writes carries a token. A scaled-out cluster behind the
 * shipped nginx template and a `wirewatch start` (stdout a pipe, as under systemd or docker) are
 * driven with `?token=` clients (the seeds' way), a wrong token, an HTTP publish and an upstream
 * failure (a SIGKILLed replica nginx still tries); then every log is searched for the tokens.
 */
let cluster: Cluster | undefined;
let ww: Started | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await ww?.stop();
  ww = undefined;
  await cluster?.stop();
  cluster = undefined;
});

/** Opens a WebSocket and resolves with the handshake's HTTP status (101 when it opened). */
function handshake(url: string): Promise<number> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  ws.on("error", () => {});
  return new Promise((resolve) => {
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => resolve(101));
  });
}

function closeAll(): Promise<void> {
  const open = sockets.splice(0).filter((s) => s.readyState !== WebSocket.CLOSED);
  return Promise.all(
    open.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.once("close", () => resolve());
          s.close();
        }),
    ),
  ).then(() => {});
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("tokens never reach logs", () => {
  it("nginx's access and error logs, every app's output and wirewatch start's output hold none of the tokens", async () => {
    const token = "cluster-secret-Q7v2LmX9pR4tK8wZ3nB6";
    const badToken = "wrong-secret-H5jN1cV8xF2gT6yU0eA4";
    cluster = await startCluster({ replicas: 3, token, logLevel: "debug", exporters: 1 });
    ww = await startWirewatch([], { WIREWATCH_LOG__LEVEL: "debug" });
    const wwToken = ww.token;
    expect(wwToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const ws = cluster.nginxUrl;
    const q = encodeURIComponent(token);
    // Through nginx: the token alone, among other parameters, twice, under dialect paths; wrong.
    for (let i = 0; i < 3; i++) expect(await handshake(`${ws}?token=${q}`)).toBe(101);
    expect(await handshake(`${ws}?since=0&token=${q}&x=1`)).toBe(101);
    expect(await handshake(`${ws}?token=${q}&token=${q}`)).toBe(101);
    expect(await handshake(`${ws}?Token=${q}&token=${q}`)).toBe(101);
    expect(await handshake(`${ws}?token=${encodeURIComponent(badToken)}`)).toBe(401);
    const published = await fetch(`${cluster.httpUrl}/api/v1/publish?token=${q}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel: "custom.logs", data: { n: 1 } }),
    });
    expect(published.status).toBeLessThan(300);

    // An upstream failure: a replica dies under its clients; nginx's next connects to it fail
    // (connection refused) and are retried on the others.
    const victim = cluster.replicas[0];
    if (!victim) throw new Error("no replica");
    await victim.kill("SIGKILL");
    for (let i = 0; i < 6; i++) expect(await handshake(`${ws}?token=${q}`)).toBe(101);

    // wirewatch start, directly: the generated token in the query, and a wrong one.
    const direct = `ws://127.0.0.1:${ww.port}/api/v1/ws`;
    expect(await handshake(`${direct}?token=${wwToken}`)).toBe(101);
    expect(await handshake(`${direct}?token=${encodeURIComponent(badToken)}`)).toBe(401);

    await closeAll();
    const { nginx } = cluster;
    // nginx logs a WebSocket request when it ends: wait for its 13 handshakes and the publish.
    const requests = async () => (await nginx.accessLog()).split("\n").filter(Boolean).length;
    await waitFor(async () => (await requests()) >= 14, {
      timeoutMs: 10_000,
      description: "14 access-log lines",
    });

    const logs: [string, string][] = [
      ["nginx access.log", await nginx.accessLog()],
      ["nginx error.log", await nginx.errorLog()],
      ...[...cluster.replicas, ...cluster.collectors, ...cluster.exporters].map((app): [string, string] => [
        app.name,
        app.output(),
      ]),
      ["wirewatch start stdout", ww.stdout()],
      ["wirewatch start stderr", ww.stderr()],
    ];
    const hits = logs.flatMap(([name, text]) =>
      [token, q, badToken, wwToken]
        .filter((secret, i, all) => all.indexOf(secret) === i)
        .map((secret) => ({ log: name, secret: secret.slice(0, 6), hits: count(text, secret) }))
        .filter((h) => h.hits > 0),
    );
    expect(hits).toEqual([]);

    // The logs still say what happened: requests with their (masked) query and status, the
    // refused one, and the failed upstream (the killed replica's address) before the one that answered.
    const access = await nginx.accessLog();
    expect(access).toMatch(/"GET \/api\/v1\/ws\?token=\*\*\* HTTP\/1\.1" 101 /);
    expect(access).toContain("/api/v1/ws?since=0&token=***&x=1 ");
    expect(access).toMatch(/"GET \/api\/v1\/ws\?token=\*\*\* HTTP\/1\.1" 401 /);
    expect(access).toMatch(/"POST \/api\/v1\/publish\?token=\*\*\* HTTP\/1\.1" 20\d /);
    expect(access).toContain(`upstream=${victim.address}, `);
  });
});
