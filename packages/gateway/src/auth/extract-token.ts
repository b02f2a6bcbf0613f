import type { IncomingMessage } from "node:http";

/** How a browser offers its token as a subprotocol: `token.<TOKEN>`. */
export const SUBPROTOCOL_TOKEN_PREFIX = "token.";

/** A token found in a request, and where. */
export interface ExtractedToken {
  token: string;
  via: "header" | "subprotocol" | "query";
}

/**
 * Where a client's token may come from (architecture §6), in the order they are looked at:
 *
 * 1. `Authorization: Bearer <token>` — scripts and the HTTP publish endpoint.
 * 2. `Sec-WebSocket-Protocol` — browsers, which cannot set headers on a WebSocket: the client
 *    offers a real subprotocol plus the token as `token.<TOKEN>`, e.g.
 *    `new WebSocket(url, ["wirewatch", "token." + TOKEN])`. The server echoes the real one
 *    (`wirewatch`) and never the token entry.
 * 3. `?token=<token>` in the URL — the seeds' way (UMA, NZB Flow).
 *
 * Pure: reads the request, never logs it.
 */
export function extractToken(
  req: IncomingMessage,
  options: { subprotocol?: boolean } = {},
): ExtractedToken | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match?.[1]) return { token: match[1], via: "header" };
  }
  if (options.subprotocol !== false) {
    for (const offered of offeredSubprotocols(req)) {
      if (offered.startsWith(SUBPROTOCOL_TOKEN_PREFIX) && offered.length > SUBPROTOCOL_TOKEN_PREFIX.length) {
        return { token: offered.slice(SUBPROTOCOL_TOKEN_PREFIX.length), via: "subprotocol" };
      }
    }
  }
  const query = queryToken(req.url);
  if (query) return { token: query, via: "query" };
  return undefined;
}

/** The subprotocols a client offered, trimmed, in order. */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  const header = req.headers["sec-websocket-protocol"];
  if (typeof header !== "string") return [];
  return header
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * The subprotocol to echo: the first offered one the dialect supports. Token entries are never
 * candidates. `false` when none matches (the response then carries no subprotocol).
 */
export function selectSubprotocol(offered: Iterable<string>, supported: readonly string[]): string | false {
  for (const candidate of offered) {
    if (candidate.startsWith(SUBPROTOCOL_TOKEN_PREFIX)) continue;
    if (supported.includes(candidate)) return candidate;
  }
  return false;
}

function queryToken(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const q = url.indexOf("?");
  if (q === -1) return undefined;
  const value = new URLSearchParams(url.slice(q + 1)).get("token");
  return value ? value : undefined;
}

/** The request path without query or fragment. */
export function pathOf(url: string | undefined): string {
  if (!url) return "/";
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
