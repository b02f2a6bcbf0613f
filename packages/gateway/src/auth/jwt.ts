import { createSecretKey } from "node:crypto";
import { errors, importSPKI, type JWTPayload, jwtVerify } from "jose";
import { type Principal, toPermissions } from "./principal.js";

/** JWT verification settings (the `auth.jwt` section of the config). */
export interface JwtOptions {
  /** HS256 shared secret. */
  secret?: string;
  /** RS256 public key, PEM (SPKI). */
  publicKey?: string;
  /** Accepted algorithms; default both HS256 and RS256 (each needs its key to succeed). */
  algorithms?: readonly ("HS256" | "RS256")[];
  issuer?: string;
  audience?: string;
  /** Allowed clock skew for `exp`/`nbf`, seconds. Default 0. */
  clockToleranceSec?: number;
}

export type JwtResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: "expired" | "invalid"; message: string };

export type JwtVerifier = (token: string) => Promise<JwtResult>;

/** Cheap shape test: three base64url parts, the header starting with `{"` (`eyJ`). */
export function looksLikeJwt(token: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token);
}

/**
 * Verifies JWTs with jose: signature (HS256 with `secret`, RS256 with `publicKey`), `exp`
 * (required), `nbf`, and `iss`/`aud` when configured. Claims: `sub` (or `name`) names the
 * principal `jwt:<sub>`; `permissions` (array of read|publish|admin, default read); `channels`
 * (array of channel patterns, optional); `exp` becomes `expiresAt` so the gateway closes the
 * socket with 4401 when it passes. Never throws; never includes the token in a message.
 */
export function createJwtVerifier(options: JwtOptions): JwtVerifier {
  const algorithms = [...(options.algorithms ?? ["HS256", "RS256"])].filter((alg) =>
    alg === "HS256" ? options.secret !== undefined : options.publicKey !== undefined,
  );
  const secretKey =
    options.secret !== undefined ? createSecretKey(Buffer.from(options.secret, "utf8")) : undefined;
  let publicKey: ReturnType<typeof importSPKI> | undefined;
  const rsaKey = () => {
    publicKey ??= importSPKI(options.publicKey ?? "", "RS256");
    return publicKey;
  };

  return async (token) => {
    if (algorithms.length === 0) return { ok: false, reason: "invalid", message: "JWTs are not accepted" };
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (header.alg === "HS256" && secretKey) return secretKey;
          if (header.alg === "RS256" && options.publicKey !== undefined) return rsaKey();
          throw new errors.JOSEAlgNotAllowed(`algorithm ${String(header.alg)} is not accepted`);
        },
        {
          algorithms,
          requiredClaims: ["exp"],
          ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
          ...(options.audience !== undefined ? { audience: options.audience } : {}),
          clockTolerance: options.clockToleranceSec ?? 0,
        },
      );
      return { ok: true, principal: principalOf(payload) };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { ok: false, reason: "expired", message: "token expired" };
      const code = (err as { code?: unknown }).code;
      return { ok: false, reason: "invalid", message: typeof code === "string" ? code : "invalid token" };
    }
  };
}

function principalOf(payload: JWTPayload): Principal {
  const subject =
    typeof payload.sub === "string" ? payload.sub : typeof payload.name === "string" ? payload.name : "";
  const channels = Array.isArray(payload.channels)
    ? payload.channels.filter((c): c is string => typeof c === "string")
    : undefined;
  return {
    name: `jwt:${subject.slice(0, 64) || "anonymous"}`,
    source: "jwt",
    permissions: toPermissions(payload.permissions),
    ...(channels !== undefined ? { channels } : {}),
    ...(typeof payload.exp === "number" ? { expiresAt: payload.exp * 1000 } : {}),
  };
}
