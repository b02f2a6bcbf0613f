import { describe, expect, it } from "vitest";
import { checkOrigin } from "../../src/auth/origin.js";
import { fakeRequest } from "../helpers/fake-request.js";

const req = (origin: string | undefined, host = "gw.example:34600") =>
  fakeRequest({ headers: { host, ...(origin !== undefined ? { origin } : {}) } });

describe("origin rules (DESIGN §6)", () => {
  it("lets clients without Origin through in every mode", () => {
    for (const authEnabled of [true, false]) {
      expect(checkOrigin(req(undefined), { allowedOrigins: [], authEnabled }).ok).toBe(true);
      expect(checkOrigin(req(undefined), { allowedOrigins: ["https://a.example"], authEnabled }).ok).toBe(
        true,
      );
    }
  });

  it("enforces a configured allow-list exactly", () => {
    const policy = { allowedOrigins: ["https://dash.example.com"], authEnabled: true };
    expect(checkOrigin(req("https://dash.example.com"), policy).ok).toBe(true);
    expect(checkOrigin(req("https://dash.example.com:443"), policy).ok).toBe(true);
    expect(checkOrigin(req("http://dash.example.com"), policy).ok).toBe(false);
    expect(checkOrigin(req("https://dash.example.com.evil.example"), policy).ok).toBe(false);
    expect(checkOrigin(req("null"), policy).ok).toBe(false);
  });

  it("accepts any Origin when auth is on and no list is set (the token decides)", () => {
    expect(checkOrigin(req("https://anything.example"), { allowedOrigins: [], authEnabled: true }).ok).toBe(
      true,
    );
  });

  it("accepts only same-origin browsers when auth is off and no list is set", () => {
    const policy = { allowedOrigins: [], authEnabled: false };
    expect(checkOrigin(req("http://gw.example:34600"), policy).ok).toBe(true);
    expect(checkOrigin(req("http://GW.example:34600"), policy).ok).toBe(true);
    expect(checkOrigin(req("http://gw.example:8080"), policy).ok).toBe(false);
    expect(checkOrigin(req("http://evil.example"), policy).ok).toBe(false);
    expect(checkOrigin(req("null"), policy).ok).toBe(false);
    expect(checkOrigin(req("file://x"), policy).ok).toBe(false);
  });
});
