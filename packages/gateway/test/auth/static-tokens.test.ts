import { describe, expect, it } from "vitest";
import { createStaticTokenVerifier } from "../../src/auth/static-tokens.js";

describe("static tokens", () => {
  const verify = createStaticTokenVerifier([
    { name: "dash", token: "dashboard-token-0123456789" },
    {
      name: "ops",
      token: "ops-token-0123456789abcdef",
      permissions: ["read", "admin"],
      channels: ["custom.*"],
    },
  ]);

  it("returns the matching token's principal", () => {
    expect(verify("dashboard-token-0123456789")).toMatchObject({ name: "dash", source: "static" });
    expect([...verify("dashboard-token-0123456789")!.permissions]).toEqual(["read"]);
    const ops = verify("ops-token-0123456789abcdef")!;
    expect([...ops.permissions]).toEqual(["read", "admin"]);
    expect(ops.channels).toEqual(["custom.*"]);
  });

  it("refuses near misses: prefixes, extensions, case and whitespace", () => {
    for (const candidate of [
      "dashboard-token-012345678",
      "dashboard-token-01234567890",
      "DASHBOARD-token-0123456789",
      " dashboard-token-0123456789",
      "",
    ]) {
      expect(verify(candidate), candidate).toBeUndefined();
    }
  });

  it("matches nothing when no tokens are configured", () => {
    expect(createStaticTokenVerifier([])("anything-at-all-0123")).toBeUndefined();
  });
});
