import { describe, expect, it } from "vitest";
import {
  extractToken,
  offeredSubprotocols,
  pathOf,
  selectSubprotocol,
} from "../../src/auth/extract-token.js";
import { fakeRequest } from "../helpers/fake-request.js";

describe("token extraction", () => {
  it("reads ?token=", () => {
    expect(extractToken(fakeRequest({ url: "/api/v1/ws?x=1&token=abc%2Bdef" }))).toEqual({
      token: "abc+def",
      via: "query",
    });
  });

  it("reads Authorization: Bearer", () => {
    expect(extractToken(fakeRequest({ headers: { authorization: "Bearer abc.def" } }))).toEqual({
      token: "abc.def",
      via: "header",
    });
    expect(extractToken(fakeRequest({ headers: { authorization: "Basic dXNlcjpwdw==" } }))).toBeUndefined();
  });

  it("reads the token.<TOKEN> subprotocol entry", () => {
    const req = fakeRequest({ headers: { "sec-websocket-protocol": "wirewatch, token.abc-DEF_123" } });
    expect(extractToken(req)).toEqual({ token: "abc-DEF_123", via: "subprotocol" });
    expect(extractToken(req, { subprotocol: false })).toBeUndefined();
    expect(offeredSubprotocols(req)).toEqual(["wirewatch", "token.abc-DEF_123"]);
  });

  it("prefers the header, then the subprotocol, then the query", () => {
    const req = fakeRequest({
      url: "/?token=q",
      headers: { authorization: "Bearer h", "sec-websocket-protocol": "wirewatch, token.s" },
    });
    expect(extractToken(req)?.via).toBe("header");
  });

  it("finds nothing in an empty token= or a bare token. entry", () => {
    expect(
      extractToken(fakeRequest({ url: "/?token=", headers: { "sec-websocket-protocol": "token." } })),
    ).toBeUndefined();
  });

  it("never selects a token entry as the subprotocol to echo", () => {
    expect(selectSubprotocol(["token.wirewatch", "wirewatch"], ["wirewatch"])).toBe("wirewatch");
    expect(selectSubprotocol(["token.abc"], ["wirewatch", "token.abc"])).toBe(false);
    expect(selectSubprotocol(["other"], ["wirewatch"])).toBe(false);
  });

  it("strips query and fragment from paths", () => {
    expect(pathOf("/api/v1/ws?token=x")).toBe("/api/v1/ws");
    expect(pathOf("/a#b")).toBe("/a");
    expect(pathOf(undefined)).toBe("/");
  });
});
