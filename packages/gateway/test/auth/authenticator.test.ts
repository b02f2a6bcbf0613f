import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getChannelSpec } from "@wirewatch/protocol";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createAuthenticator } from "../../src/auth/authenticator.js";
import { needsGeneratedToken, prepareAuth } from "../../src/auth/prepare-auth.js";
import { channelAllowed, mayRead } from "../../src/auth/principal.js";
import { fakeRequest } from "../helpers/fake-request.js";

const SECRET = "a-shared-secret-of-at-least-32-chars!!";

describe("authenticator", () => {
  const auth = createAuthenticator({
    tokens: [{ name: "dash", token: "dashboard-token-0123456789" }],
    jwt: { secret: SECRET },
  });

  it("decides missing, invalid and expired", async () => {
    expect(await auth.authenticate(fakeRequest({}))).toMatchObject({ ok: false, reason: "missing" });
    expect(await auth.verify("nope-nope-nope-nope")).toMatchObject({ ok: false, reason: "invalid" });
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(new TextEncoder().encode(SECRET));
    expect(await auth.verify(expired)).toMatchObject({ ok: false, reason: "expired" });
  });

  it("accepts static tokens and JWTs", async () => {
    expect(await auth.authenticate(fakeRequest({ url: "/?token=dashboard-token-0123456789" }))).toMatchObject(
      {
        ok: true,
        principal: { name: "dash" },
      },
    );
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("a")
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(SECRET));
    expect(await auth.verify(jwt)).toMatchObject({ ok: true, principal: { name: "jwt:a" } });
  });

  it("admits everyone as anonymous with every permission when auth is off", async () => {
    const off = createAuthenticator({ mode: "none" });
    expect(off.enabled).toBe(false);
    const decision = await off.authenticate(fakeRequest({}));
    expect(decision.ok && [...decision.principal.permissions].sort()).toEqual(["admin", "publish", "read"]);
  });

  it("refuses to build when auth is on and nothing could ever pass", () => {
    expect(() => createAuthenticator({ mode: "token" })).toThrow(
      expect.objectContaining({ code: "WW_GATEWAY_AUTH_UNCONFIGURED" }),
    );
    expect(() => createAuthenticator({ mode: "token", jwt: {} })).toThrow();
  });
});

describe("prepareAuth (first start)", () => {
  it("generates and stores an owner token when none is configured, and reuses it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wirewatch-auth-"));
    try {
      const tokenFile = join(dir, "token");
      const first = await prepareAuth({ mode: "token", tokenFile });
      expect(first.generated?.created).toBe(true);
      expect(first.auth.tokens).toEqual([
        { name: "owner", token: first.generated!.token, permissions: ["read", "publish", "admin"] },
      ]);
      const second = await prepareAuth({ tokenFile });
      expect(second.generated).toMatchObject({ created: false, token: first.generated!.token });
      const decision = await createAuthenticator(second.auth).verify(first.generated!.token);
      expect(decision).toMatchObject({ ok: true, principal: { name: "owner" } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("leaves configured auth and auth off alone", async () => {
    const configured = { tokens: [{ name: "a", token: "a-token-0123456789abcdef" }] };
    expect(await prepareAuth(configured)).toEqual({ auth: configured });
    expect(await prepareAuth({ mode: "none" })).toEqual({ auth: { mode: "none" } });
    expect(needsGeneratedToken({ jwt: { secret: SECRET } })).toBe(false);
    expect(needsGeneratedToken({})).toBe(true);
  });
});

describe("channel permissions", () => {
  const principal = (permissions: ("read" | "publish" | "admin")[], channels?: string[]) => ({
    name: "p",
    source: "static" as const,
    permissions: new Set(permissions),
    ...(channels ? { channels } : {}),
  });

  it("needs read, admin for admin-only channels, and the channel list", () => {
    const stats = getChannelSpec("system.stats")!;
    const clients = getChannelSpec("gateway.clients")!;
    expect(mayRead(principal(["read"]), stats).ok).toBe(true);
    expect(mayRead(principal(["publish"]), stats).ok).toBe(false);
    expect(mayRead(principal(["read"]), clients).ok).toBe(false);
    expect(mayRead(principal(["admin"]), clients).ok).toBe(true);
    expect(mayRead(principal(["read"], ["sensors"]), stats).ok).toBe(false);
  });

  it("matches exact names, prefix.* and *", () => {
    const p = principal(["read"], ["system.stats", "custom.*"]);
    expect(channelAllowed(p, "system.stats")).toBe(true);
    expect(channelAllowed(p, "custom.backup")).toBe(true);
    expect(channelAllowed(p, "custom.")).toBe(false);
    expect(channelAllowed(p, "customx.backup")).toBe(false);
    expect(channelAllowed(p, "system.processes")).toBe(false);
    expect(channelAllowed(principal(["read"], ["*"]), "log")).toBe(true);
  });
});
