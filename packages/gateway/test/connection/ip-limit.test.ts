import { describe, expect, it } from "vitest";
import { createIpLimiter, normalizeAddress } from "../../src/connection/ip-limit.js";
import { fakeRequest } from "../helpers/fake-request.js";

describe("per-IP limiter", () => {
  it("counts open connections per address and releases once", () => {
    const limiter = createIpLimiter({ maxConnectionsPerIp: 2, trustedProxies: [] });
    const a = limiter.acquire("10.0.0.1")!;
    const b = limiter.acquire("10.0.0.1")!;
    expect(limiter.acquire("10.0.0.1")).toBeUndefined();
    expect(limiter.acquire("10.0.0.2")).toBeTypeOf("function");
    a();
    a();
    expect(limiter.count("10.0.0.1")).toBe(1);
    expect(limiter.acquire("10.0.0.1")).toBeTypeOf("function");
    b();
  });

  it("uses the peer address unless the peer is a trusted proxy", () => {
    const limiter = createIpLimiter({ maxConnectionsPerIp: 1, trustedProxies: ["10.0.0.0/8", "fd00::/8"] });
    const direct = fakeRequest({ remoteAddress: "192.0.2.9", headers: { "x-forwarded-for": "203.0.113.1" } });
    expect(limiter.clientAddress(direct)).toBe("192.0.2.9");
    const proxied = fakeRequest({ remoteAddress: "10.1.2.3", headers: { "x-forwarded-for": "203.0.113.1" } });
    expect(limiter.clientAddress(proxied)).toBe("203.0.113.1");
    const v6proxy = fakeRequest({ remoteAddress: "fd00::1", headers: { "x-forwarded-for": "2001:db8::5" } });
    expect(limiter.clientAddress(v6proxy)).toBe("2001:db8::5");
  });

  it("walks X-Forwarded-For from the right, skipping trusted hops", () => {
    const limiter = createIpLimiter({ maxConnectionsPerIp: 1, trustedProxies: ["10.0.0.0/8"] });
    const chain = fakeRequest({
      remoteAddress: "10.0.0.1",
      headers: { "x-forwarded-for": "198.51.100.66, 203.0.113.1, 10.0.0.2" },
    });
    expect(limiter.clientAddress(chain)).toBe("203.0.113.1");
    const garbage = fakeRequest({ remoteAddress: "10.0.0.1", headers: { "x-forwarded-for": "not-an-ip" } });
    expect(limiter.clientAddress(garbage)).toBe("10.0.0.1");
    const empty = fakeRequest({ remoteAddress: "10.0.0.1" });
    expect(limiter.clientAddress(empty)).toBe("10.0.0.1");
  });

  it("tells when X-Forwarded-For is ignored because the peer is not a trusted proxy", () => {
    const limiter = createIpLimiter({ maxConnectionsPerIp: 1, trustedProxies: ["127.0.0.1"] });
    const viaUntrusted = fakeRequest({
      remoteAddress: "10.0.0.5",
      headers: { "x-forwarded-for": "203.0.113.1" },
    });
    expect(limiter.ignoresForwardedFor(viaUntrusted)).toBe(true);
    expect(limiter.clientAddress(viaUntrusted)).toBe("10.0.0.5");
    const viaTrusted = fakeRequest({
      remoteAddress: "::ffff:127.0.0.1",
      headers: { "x-forwarded-for": "127.0.0.7" },
    });
    expect(limiter.ignoresForwardedFor(viaTrusted)).toBe(false);
    expect(limiter.clientAddress(viaTrusted)).toBe("127.0.0.7");
    expect(limiter.ignoresForwardedFor(fakeRequest({ remoteAddress: "10.0.0.5" }))).toBe(false);
  });

  it("counts a client on the proxy's own address as that address (every hop trusted)", () => {
    const limiter = createIpLimiter({ maxConnectionsPerIp: 1, trustedProxies: ["127.0.0.1"] });
    const local = fakeRequest({ remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "127.0.0.1" } });
    expect(limiter.clientAddress(local)).toBe("127.0.0.1");
  });

  it("normalizes IPv4-mapped IPv6 addresses", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("::1")).toBe("::1");
  });
});
