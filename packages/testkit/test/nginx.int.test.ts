import { existsSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/free-port.js";
import { type NginxServer, startNginx } from "../src/nginx.js";

/** Small upstreams that say who they are, what nginx forwarded, and accept upgrades. */
function upstream(name: string, status = 200): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ name, xff: req.headers["x-forwarded-for"] ?? null }));
  });
  server.on("upgrade", (req, socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${req.headers.upgrade}\r\nConnection: Upgrade\r\nX-Name: ${name}\r\n\r\n`,
    );
    socket.on("data", (chunk) => socket.write(`${name}:${chunk}`));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
const addressOf = (s: Server) => `127.0.0.1:${(s.address() as AddressInfo).port}`;

let servers: Server[] = [];
let nginx: NginxServer;
let dead: string;

beforeAll(async () => {
  servers = [await upstream("a"), await upstream("b"), await upstream("draining", 503)];
  dead = `127.0.0.1:${await freePort()}`;
  nginx = await startNginx({ upstreams: [...servers.map(addressOf), dead], upstreamHeader: true });
});
afterAll(async () => {
  await nginx?.stop();
  for (const s of servers) s.close();
});

describe("startNginx", () => {
  it("balances over the live upstreams, skipping a dead one and a 503, with X-Forwarded-For", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${nginx.url}/anything`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { name: string; xff: string };
      expect(body.xff).toBe("127.0.0.1");
      expect(res.headers.get("x-wirewatch-upstream")).toContain(`127.0.0.1:`);
      seen.add(body.name);
    }
    expect([...seen].sort()).toEqual(["a", "b"]);
  });

  it("passes WebSocket upgrades through and then the raw stream both ways", async () => {
    const { status, echoed } = await new Promise<{ status: number; echoed: string }>((resolve, reject) => {
      const req = request(`${nginx.url}/api/v1/ws`, {
        headers: { Connection: "Upgrade", Upgrade: "websocket" },
      });
      req.on("upgrade", (res, socket) => {
        socket.write("ping");
        socket.once("data", (chunk) => {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, echoed: String(chunk) });
        });
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(101);
    expect(echoed).toMatch(/^(a|b):ping$/);
  });

  it("as shipped, names no replica to clients and logs queries with every token value masked", async () => {
    const own = await startNginx({ upstreams: [dead, addressOf(servers[0]!)] });
    try {
      const queries = [
        "token=SECRET-1",
        "since=4&token=SECRET-2&x=1",
        "token=SECRET-3&token=SECRET-4",
        "Token=SECRET-5&token=SECRET-6",
        "%74oken=SECRET-7",
        "access_token=SECRET-8",
        "since=4",
      ];
      for (const query of queries) {
        // The first request meets the dead upstream (connection refused) and is retried.
        const res = await fetch(`${own.url}/api/v1/ws?${query}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("x-wirewatch-upstream")).toBeNull();
        await res.body?.cancel();
      }
      const access = await own.accessLog();
      const error = await own.errorLog();
      expect(`${access}\n${error}`).not.toContain("SECRET");
      const logged = [...access.matchAll(/"GET (\S+) HTTP\/1\.1" 200 /g)].map((m) => m[1]);
      expect(logged).toEqual([
        "/api/v1/ws?token=***",
        "/api/v1/ws?since=4&token=***&x=1",
        "/api/v1/ws?***",
        "/api/v1/ws?***",
        "/api/v1/ws?***",
        "/api/v1/ws?***",
        "/api/v1/ws?since=4",
      ]);
      // The upstream failure is in the access log (no longer in the error log).
      expect(access).toContain(`upstream=${dead}, ${addressOf(servers[0]!)} upstream_status=502, 200`);
    } finally {
      await own.stop();
    }
  });

  it("keeps every file in its prefix and removes it on stop", async () => {
    const own = await startNginx({ upstreams: [addressOf(servers[0]!)] });
    expect(existsSync(`${own.prefix}/nginx.conf`)).toBe(true);
    expect(existsSync(`${own.prefix}/nginx.pid`)).toBe(true);
    expect(own.running()).toBe(true);
    await own.stop();
    expect(own.running()).toBe(false);
    expect(existsSync(own.prefix)).toBe(false);
  });
});
