import type { IncomingMessage } from "node:http";

/**
 * The Origin rules of DESIGN §6, decided at the upgrade (and for HTTP publishes):
 *
 * - An allow-list is configured: a request that carries an Origin must carry one of the listed
 *   origins (exact `scheme://host[:port]` match). Requests without Origin (non-browser clients)
 *   are not affected.
 * - No allow-list, auth on: any Origin is accepted; the token decides (a token is not an ambient
 *   credential, so a foreign page cannot ride it).
 * - No allow-list, auth off: only same-origin browsers (Origin's host equals the Host header) and
 *   clients that send no Origin. `null` origins (sandboxed frames, files) count as foreign.
 */
export interface OriginPolicy {
  allowedOrigins: readonly string[];
  authEnabled: boolean;
}

export type OriginDecision = { ok: true } | { ok: false; reason: string };

export function checkOrigin(req: IncomingMessage, policy: OriginPolicy): OriginDecision {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  if (policy.allowedOrigins.length > 0) {
    return policy.allowedOrigins.includes(normalize(origin) ?? "")
      ? { ok: true }
      : { ok: false, reason: "origin not in the allow-list" };
  }
  if (policy.authEnabled) return { ok: true };
  const host = req.headers.host;
  const originHost = hostOf(origin);
  if (host !== undefined && originHost !== undefined && originHost === host.toLowerCase())
    return { ok: true };
  return { ok: false, reason: "cross-origin browsers are refused while auth is off" };
}

function normalize(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

function hostOf(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return url.host.toLowerCase();
  } catch {
    return undefined;
  }
}
