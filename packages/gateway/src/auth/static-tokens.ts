import { createHash, timingSafeEqual } from "node:crypto";
import { type Permission, type Principal, toPermissions } from "./principal.js";

/** A configured static token (the `auth.tokens[]` entries of the config). */
export interface StaticToken {
  /** Shown in logs and `gateway.clients`; the token never is. */
  name: string;
  token: string;
  /** Default `["read"]`. */
  permissions?: readonly Permission[];
  /** Channel patterns the token is limited to (`system.stats`, `custom.*`); unset = all. */
  channels?: readonly string[];
}

export type StaticTokenVerifier = (candidate: string) => Principal | undefined;

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/**
 * Verifies presented tokens against the configured ones in constant time: both sides are
 * hashed with SHA-256 first, so the comparison never depends on (or reveals) the length of a
 * token, and every configured token is compared on every call, so the time taken does not
 * reveal which one matched either. Returns the matching token's principal or undefined.
 */
export function createStaticTokenVerifier(tokens: readonly StaticToken[]): StaticTokenVerifier {
  const entries = tokens.map((t) => ({
    hash: digest(t.token),
    principal: {
      name: t.name,
      source: "static",
      permissions: toPermissions(t.permissions),
      ...(t.channels !== undefined ? { channels: [...t.channels] } : {}),
    } satisfies Principal,
  }));
  return (candidate) => {
    const presented = digest(candidate);
    let found: Principal | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.hash, presented) && found === undefined) found = entry.principal;
    }
    return found;
  };
}
