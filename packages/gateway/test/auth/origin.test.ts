import { describe, expect, it } from "vitest";
import { checkOrigin } from "../../src/auth/origin.js";
import { fakeRequest } from "../helpers/fake-request.js";

const req = (origin: string | undefined, host = "gw.example:34600") =>
  fakeRequest({ headers: { host, ...(origin !== undefined ? { origin } : {}) } });

describe("origin rules (architecture §6)", () => {
  it("lets clients without Origin through in every mode", () => {
    for (const authEnabled of [true, false]) {
      expect(checkOrigin(req(undefined), { allowedOrigins: [], authEnabled, trustedHosts: [] }).ok).toBe(
        true,
      );
      expect(
        checkOrigin(req(undefined), { allowedOrigins: ["https://a.example"], authEnabled, trustedHosts: [] })
          .ok,
      ).toBe(true);
    }
  });

  it("enforces a configured allow-list exactly", () => {
    const policy = { allowedOrigins: ["https://dash.example.com"], authEnabled: true, trustedHosts: [] };
    expect(checkOrigin(req("https://dash.example.com"), policy).ok).toBe(true);
    expect(checkOrigin(req("https://dash.example.com:443"), policy).ok).toBe(true);
    expect(checkOrigin(req("http://dash.example.com"), policy).ok).toBe(false);
    expect(checkOrigin(req("https://dash.example.com.evil.example"), policy).ok).toBe(false);
    expect(checkOrigin(req("null"), policy).ok).toBe(false);
  });

  it("accepts any Origin when auth is on and no list is set (the token decides)", () => {
    expect(
      checkOrigin(req("https://anything.example"), {
        allowedOrigins: [],
        authEnabled: true,
        trustedHosts: [],
      }).ok,
    ).toBe(true);
  });

  it("accepts only same-origin browsers when auth is off and no list is set", () => {
    const policy = { allowedOrigins: [], authEnabled: false, trustedHosts: ["gw.example"] };
    expect(checkOrigin(req("http://gw.example:34600"), policy).ok).toBe(true);
    expect(checkOrigin(req("http://GW.example:34600"), policy).ok).toBe(true);
    expect(checkOrigin(req("http://gw.example:8080"), policy).ok).toBe(false);
    expect(checkOrigin(req("http://evil.example"), policy).ok).toBe(false);
    expect(checkOrigin(req("null"), policy).ok).toBe(false);
    expect(checkOrigin(req("file://x"), policy).ok).toBe(false);
  });

  it("refuses a DNS-rebinding page with auth off: same-origin by a name that is not this machine's", () => {
    const policy = { allowedOrigins: [], authEnabled: false, trustedHosts: ["nas1"] };
    // evil.example resolved to this machine: Origin and Host agree, but the name is foreign.
    const rebound = checkOrigin(req("http://evil.example:34600", "evil.example:34600"), policy);
    expect(rebound).toMatchObject({ ok: false, reason: expect.stringMatching(/allowedOrigins/) });
    for (const host of [
      "127.0.0.1:34600",
      "[::1]:34600",
      "localhost:34600",
      "nas1:34600",
      "192.168.1.5:34600",
    ])
      expect(checkOrigin(req(`http://${host}`, host), policy).ok, host).toBe(true);
    const listed = { ...policy, allowedOrigins: ["http://evil.example:34600"] };
    expect(checkOrigin(req("http://evil.example:34600", "evil.example:34600"), listed).ok).toBe(true);
  });
});
