import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createJwtVerifier, looksLikeJwt } from "../../src/auth/jwt.js";

const SECRET = "a-shared-secret-of-at-least-32-chars!!";
const sign = (
  claims: Record<string, unknown>,
  opts: { exp?: number | null; secret?: string; alg?: string } = {},
) => {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? "HS256" }).setSubject("alice");
  if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 60);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
};

describe("JWT verification", () => {
  const verify = createJwtVerifier({ secret: SECRET });

  it("accepts a valid HS256 token and maps its claims", async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const result = await verify(
      await sign({ permissions: ["read", "publish", "bogus"], channels: ["custom.*", 3] }, { exp }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal).toMatchObject({
      name: "jwt:alice",
      source: "jwt",
      channels: ["custom.*"],
      expiresAt: exp * 1000,
    });
    expect([...result.principal.permissions]).toEqual(["read", "publish"]);
  });

  it("defaults permissions to read and leaves channels unlimited", async () => {
    const result = await verify(await sign({}));
    expect(result.ok && [...result.principal.permissions]).toEqual(["read"]);
    expect(result.ok && result.principal.channels).toBeUndefined();
  });

  it("reports expired tokens as expired", async () => {
    expect(await verify(await sign({}, { exp: Math.floor(Date.now() / 1000) - 10 }))).toMatchObject({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses tokens without exp, with a wrong signature or tampered payload", async () => {
    expect(await verify(await sign({}, { exp: null }))).toMatchObject({ ok: false, reason: "invalid" });
    expect(await verify(await sign({}, { secret: "another-secret-of-at-least-32-chars!!" }))).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    const [head, , sig] = (await sign({ permissions: ["read"] })).split(".");
    const forged = Buffer.from(
      JSON.stringify({ sub: "eve", permissions: ["admin"], exp: 9999999999 }),
    ).toString("base64url");
    expect(await verify(`${head}.${forged}.${sig}`)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses alg none and algorithms without a configured key", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "eve", exp: 9999999999 })).toString("base64url");
    expect(await verify(`${header}.${payload}.`)).toMatchObject({ ok: false });
    const { privateKey } = await generateKeyPair("RS256");
    const rs = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setExpirationTime("1m")
      .sign(privateKey);
    expect(await verify(rs)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("checks issuer and audience when configured", async () => {
    const strict = createJwtVerifier({ secret: SECRET, issuer: "wirewatch", audience: "gateway" });
    const good = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("wirewatch")
      .setAudience("gateway")
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(SECRET));
    expect((await strict(good)).ok).toBe(true);
    expect((await strict(await sign({}))).ok).toBe(false);
  });

  it("verifies RS256 with a PEM public key", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const rsVerify = createJwtVerifier({ publicKey: await exportSPKI(publicKey) });
    const token = await new SignJWT({ permissions: ["admin"] })
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("svc")
      .setExpirationTime("1m")
      .sign(privateKey);
    const result = await rsVerify(token);
    expect(result.ok && result.principal.name).toBe("jwt:svc");
  });

  it("tells JWT-shaped strings from static tokens", () => {
    expect(looksLikeJwt("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig")).toBe(true);
    expect(looksLikeJwt("dashboard-token-0123456789")).toBe(false);
    expect(looksLikeJwt("eyJ.only-two")).toBe(false);
  });
});
