import { Duplex } from "node:stream";
import { configSchema, type WirewatchConfigInput } from "@wirewatch/config";
import { createLogger, createMetricsRegistry } from "@wirewatch/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { createBusFromConfig } from "../src/bus-from-config.js";
import { createGatewayFromConfig } from "../src/gateway-from-config.js";
import { httpRouteTable, type RouteHandler, routeRequests } from "../src/http-routes.js";
import { fakeRequest, fakeResponse } from "./helpers/fake-http.js";

/**
 * The route table over a real gateway built from the config, as `wirewatch start` and the
 * gateway app build it (no ports): who answers GET `/`, and where an upgrade on `/` goes.
 */
const logger = createLogger({ level: "silent" });
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function build(gateway: WirewatchConfigInput["gateway"] = {}, staticFiles?: RouteHandler) {
  const config = configSchema.parse({ auth: { mode: "none" }, collector: { hostname: "nas1" }, gateway });
  const bus = createBusFromConfig(config, { logger });
  const registry = createMetricsRegistry({ version: "test" }).registry;
  const gw = createGatewayFromConfig(config, { bus, logger, auth: config.auth, registry });
  closers.push(
    () => bus.close(),
    () => gw.close(),
  );
  const handle = routeRequests(httpRouteTable({ gateway: gw, ...(staticFiles ? { staticFiles } : {}) }));
  const get = (url: string) => {
    const { res, written } = fakeResponse();
    handle(fakeRequest("GET", url), res);
    return written;
  };
  return { gateway: gw, get };
}

/** A socket that records what the server writes; enough of net.Socket for ws. */
function fakeSocket() {
  let written = "";
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString("latin1");
      done();
    },
  });
  Object.assign(socket, { setTimeout: () => socket, setNoDelay: () => socket, remoteAddress: "127.0.0.1" });
  return { socket, written: () => written };
}

const UPGRADE = {
  connection: "Upgrade",
  upgrade: "websocket",
  "sec-websocket-version": "13",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
};

describe("the route table over the configured gateway", () => {
  it("with no dashboard, a GET of / is NZB Flow's 426, as before the table", () => {
    const { gateway, get } = build();
    expect(gateway.dialectAt("/")).toBe("nzbflow");
    const answer = get("/");
    expect(answer.status).toBe(426);
    expect(answer.headers.upgrade).toBe("websocket");
    expect(JSON.parse(answer.body)).toMatchObject({ error: "upgrade_required" });
    expect(get("/livez").status).toBe(404);
  });

  it("with a dashboard, a GET of / is the dashboard's, and / still upgrades to NZB Flow", async () => {
    const page: RouteHandler = (req, res) => {
      if (req.url !== "/") return false;
      res.writeHead(200, { "content-type": "text/html" }).end("<h1>wirewatch</h1>");
      return true;
    };
    const { gateway, get } = build({}, page);
    expect(get("/")).toMatchObject({ status: 200, body: "<h1>wirewatch</h1>" });
    expect(get("/api/v1/ws").status).toBe(426);

    const { socket, written } = fakeSocket();
    const req = Object.assign(fakeRequest("GET", "/", UPGRADE), { socket });
    gateway.handleUpgrade(req, socket, Buffer.alloc(0));
    await expect.poll(written).toContain('"type":"connected"');
    expect(written()).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(written()).toContain('{"success":true,"data":{"type":"connected","server":"wirewatch"');
    socket.destroy();
  });

  it("with NZB Flow moved off /, a GET of / is nobody's: 404", () => {
    const { gateway, get } = build({ dialects: { nzbflow: { path: "/nzb" } } });
    expect(gateway.dialectAt("/")).toBeUndefined();
    expect(get("/").status).toBe(404);
    expect(get("/nzb").status).toBe(426);
  });
});
