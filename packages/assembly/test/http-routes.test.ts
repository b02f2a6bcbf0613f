import type { IncomingMessage } from "node:http";
import { ALERTS_PATH, PUBLISH_PATH, SILENCES_PATH } from "@wirewatch/gateway";
import { describe, expect, it } from "vitest";
import {
  GATEWAY_API_PREFIX,
  type HttpRouteParts,
  httpRouteTable,
  type RouteHandler,
  routeRequests,
} from "../src/http-routes.js";
import { fakeRequest, fakeResponse } from "./helpers/fake-http.js";

/**
 * The route table with recording parts: which part answers a request, and which were tried.
 * The fake gateway serves WebSocket upgrades on `/api/v1/ws` (native), `/ws` (MonServ) and `/`
 * (NZB Flow), as the default config does, and its API answers `POST /api/v1/publish`.
 */
function rig(
  options: { omit?: readonly (keyof HttpRouteParts)[]; staticServes?: (path: string) => boolean } = {},
) {
  const tried: string[] = [];
  const part =
    (name: string, answers: (req: IncomingMessage) => boolean = () => true): RouteHandler =>
    (req) => {
      tried.push(name);
      return answers(req);
    };
  const dialects: Record<string, string> = { "/api/v1/ws": "native", "/ws": "monserv", "/": "nzbflow" };
  const parts: HttpRouteParts = {
    admin: part("admin"),
    metrics: part("metrics"),
    staticFiles: part("static", (req) => (options.staticServes ?? (() => true))(req.url ?? "")),
    gateway: {
      handleApi: part("gateway", (req) => req.url === PUBLISH_PATH),
      upgradeRequired: part("websocket-only"),
      dialectAt: (path) => dialects[path],
    },
  };
  for (const key of options.omit ?? []) delete parts[key];
  const rows = httpRouteTable(parts);
  const handle = routeRequests(rows);
  /** Routes one request; returns the parts tried, the last one answered (or `404`). */
  const route = (method: string, url: string, headers: Record<string, string> = {}) => {
    tried.length = 0;
    const { res, written } = fakeResponse();
    expect(handle(fakeRequest(method, url, headers), res)).toBe(true);
    return written.status === 404 ? [...tried, "404"] : [...tried];
  };
  return { rows, route };
}

const EVERY_ROW = ["admin", "metrics", "static", "gateway", "websocket-only", "not-found"];

describe("httpRouteTable", () => {
  it("orders the rows admin, metrics, static, gateway, websocket-only, not-found", () => {
    expect(rig().rows.map((row) => row.name)).toEqual(EVERY_ROW);
  });

  it("leaves out a row whose part is absent: the gateway app's port has no admin, metrics or static row", () => {
    const { rows, route } = rig({ omit: ["admin", "metrics", "staticFiles"] });
    expect(rows.map((row) => row.name)).toEqual(["gateway", "websocket-only", "not-found"]);
    expect(route("GET", "/livez")).toEqual(["gateway", "404"]);
    expect(route("GET", "/metrics")).toEqual(["gateway", "404"]);
  });

  it("serves /metrics from the admin handler when there is no metrics part", () => {
    const { rows, route } = rig({ omit: ["metrics"] });
    expect(rows.map((row) => row.name)).toEqual(EVERY_ROW);
    expect(route("GET", "/metrics")).toEqual(["admin"]);
  });

  it.each([
    ["GET", "/livez", ["admin"]],
    ["GET", "/readyz?verbose", ["admin"]],
    ["POST", "/readyz", ["admin"]],
    ["GET", "/metrics?target=nas1", ["metrics"]],
    ["HEAD", "/metrics", ["metrics"]],
    ["GET", "/", ["static"]],
    ["HEAD", "/index.html", ["static"]],
    ["POST", PUBLISH_PATH, ["gateway"]],
    ["GET", ALERTS_PATH, ["gateway", "404"]],
    ["GET", "/api/v1/ws", ["gateway", "websocket-only"]],
    ["GET", "/ws?token=x", ["gateway", "websocket-only"]],
    ["POST", "/", ["gateway", "websocket-only"]],
    ["DELETE", "/nothing-here", ["gateway", "404"]],
  ])("%s %s is tried by %j, the last one answering", (method, url, expected) => {
    expect(rig().route(method, url)).toEqual(expected);
  });

  it("keeps the static slot off the gateway's API and its WebSocket paths but /", () => {
    for (const path of [PUBLISH_PATH, ALERTS_PATH, SILENCES_PATH])
      expect(path.startsWith(GATEWAY_API_PREFIX)).toBe(true);
    const { route } = rig();
    expect(route("GET", `${SILENCES_PATH}?token=x`)).toEqual(["gateway", "404"]);
    expect(route("GET", "/api/v1/ws")).not.toContain("static");
    expect(route("GET", "/ws")).not.toContain("static");
    expect(route("GET", "/app.js")).toEqual(["static"]);
  });

  it("passes on what the static slot does not serve", () => {
    const { route } = rig({ staticServes: (url) => url === "/index.html" });
    expect(route("GET", "/index.html")).toEqual(["static"]);
    expect(route("GET", "/")).toEqual(["static", "gateway", "websocket-only"]);
    expect(route("GET", "/missing.js")).toEqual(["static", "gateway", "404"]);
  });

  it("shares / explicitly: a GET without Upgrade goes to the static slot, one with Upgrade never does", () => {
    const { route } = rig();
    expect(route("GET", "/")).toEqual(["static"]);
    expect(route("GET", "/?token=x", { Upgrade: "websocket" })).toEqual(["gateway", "websocket-only"]);
    const without = rig({ omit: ["staticFiles"] });
    expect(without.route("GET", "/")).toEqual(["gateway", "websocket-only"]);
  });
});
