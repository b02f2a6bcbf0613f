import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminRequestHandler, createHealth, createMetricsRegistry } from "../src/index.js";

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  await new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
});

describe("createAdminRequestHandler", () => {
  it("mounts the admin routes on another server and leaves other paths to it", async () => {
    const metrics = createMetricsRegistry({ collectDefaultMetrics: false });
    const handler = createAdminRequestHandler({ registry: metrics, health: createHealth() });
    const claimed: string[] = [];
    server = createServer((req, res) => {
      if (handler(req, res)) {
        claimed.push(req.url ?? "");
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("gateway");
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    expect(await (await fetch(`${url}/`)).text()).toBe("gateway");
    expect(await (await fetch(`${url}/api/v1/ws`)).text()).toBe("gateway");
    expect(await (await fetch(`${url}/livez/extra`)).text()).toBe("gateway");
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain("wirewatch_build_info");
    expect((await fetch(`${url}/readyz`, { method: "DELETE" })).status).toBe(405);
    expect(claimed).toEqual(["/livez", "/readyz", "/metrics", "/readyz"]);
  });
});
