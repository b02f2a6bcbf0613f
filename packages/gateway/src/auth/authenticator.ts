import type { IncomingMessage } from "node:http";
import { GatewayError } from "../errors.js";
import { extractToken } from "./extract-token.js";
import { createJwtVerifier, type JwtVerifier, looksLikeJwt } from "./jwt.js";
import { type AuthOptions, needsGeneratedToken } from "./prepare-auth.js";
import { ANONYMOUS, type Principal } from "./principal.js";
import { createStaticTokenVerifier } from "./static-tokens.js";

/** Outcome of authenticating one request; `reason` is safe to log, the token never appears. */
export type AuthDecision =
  | { ok: true; principal: Principal }
  | { ok: false; reason: "missing" | "invalid" | "expired"; message: string };

export interface Authenticator {
  /** False when auth is off (`mode: "none"`): every request is the anonymous principal. */
  readonly enabled: boolean;
  /** Authenticates a request by the token it carries (header, subprotocol or `?token=`). */
  authenticate(req: IncomingMessage, options?: { subprotocol?: boolean }): Promise<AuthDecision>;
  /** Authenticates a bare token. */
  verify(token: string | undefined): Promise<AuthDecision>;
}

/**
 * Combines static tokens (constant-time) and JWTs (jose) into one decision, made once per
 * connection at the HTTP upgrade (or per HTTP publish). A token is first compared with every
 * static token; if none matches and it has a JWT's shape and JWTs are configured, it is
 * verified as a JWT. Throws `WW_GATEWAY_AUTH_UNCONFIGURED` when auth is on but nothing could
 * ever pass (see `prepareAuth`).
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  if (options.mode === "none") {
    return {
      enabled: false,
      authenticate: async () => ({ ok: true, principal: ANONYMOUS }),
      verify: async () => ({ ok: true, principal: ANONYMOUS }),
    };
  }
  if (needsGeneratedToken(options)) {
    throw new GatewayError(
      "WW_GATEWAY_AUTH_UNCONFIGURED",
      "auth is on but no token or JWT key is configured: call prepareAuth() first or set auth.mode to none",
    );
  }
  const matchStatic = createStaticTokenVerifier(options.tokens ?? []);
  const jwt = options.jwt;
  const verifyJwt: JwtVerifier | undefined =
    jwt && (jwt.secret !== undefined || jwt.publicKey !== undefined) ? createJwtVerifier(jwt) : undefined;

  const verify = async (token: string | undefined): Promise<AuthDecision> => {
    if (token === undefined || token.length === 0)
      return { ok: false, reason: "missing", message: "token required" };
    const principal = matchStatic(token);
    if (principal) return { ok: true, principal };
    if (verifyJwt && looksLikeJwt(token)) {
      const result = await verifyJwt(token);
      if (result.ok) return result;
      return { ok: false, reason: result.reason, message: result.message };
    }
    return { ok: false, reason: "invalid", message: "invalid token" };
  };

  return {
    enabled: true,
    verify,
    authenticate: (req, opts) => verify(extractToken(req, opts)?.token),
  };
}
