import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** What {@link checkOrigin} decides with. */
export interface OriginPolicy {
  allowedOrigins: readonly string[];
  authEnabled: boolean;
  /** Host names (no port, lower case) that are this machine, for the auth-off same-origin rule. */
  trustedHosts: readonly string[];
}

/** Accepted, or refused with a reason safe to log and answer. */
export type OriginDecision = { ok: true } | { ok: false; reason: string };

/**
 * The Origin rules of architecture §6, decided at the upgrade (and for HTTP publishes):
 *
 * - An allow-list is configured: a request that carries an Origin must carry one of the listed
 *   origins (exact `scheme://host[:port]` match). Requests without Origin (non-browser clients)
 *   are not affected.
 * - No allow-list, auth on: any Origin is accepted; the token decides (a token is not an ambient
 *   credential, so a foreign page cannot ride it).
 * - No allow-list, auth off: only same-origin browsers and clients that send no Origin. Same
 *   origin means Origin's host equals the Host header *and* that host is one the gateway knows
 *   itself by — an IP address, `localhost`, or one of `trustedHosts` (the machine's names) — so
 *   a DNS-rebinding page (evil.example resolving to this machine, same-origin by its own name)
 *   is refused. Reached by another name with auth off, list the origin in `allowedOrigins`.
 *   `null` origins (sandboxed frames, files) count as foreign.
 */
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
  if (host !== undefined && originHost !== undefined && originHost === host.toLowerCase()) {
    if (isOwnName(hostnameOf(originHost), policy.trustedHosts)) return { ok: true };
    return {
      ok: false,
      reason: "a browser on an unknown host name is refused while auth is off (list it in allowedOrigins)",
    };
  }
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

/** `host[:port]` → host, without IPv6 brackets. */
function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

function isOwnName(hostname: string, trusted: readonly string[]): boolean {
  return isIP(hostname) !== 0 || hostname === "localhost" || trusted.includes(hostname);
}
