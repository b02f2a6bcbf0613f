import type { IncomingMessage } from "node:http";

/** The fields of an IncomingMessage the gateway reads, for unit tests without a server. */
export function fakeRequest(init: {
  url?: string;
  headers?: Record<string, string | string[]>;
  remoteAddress?: string;
}): IncomingMessage {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    url: init.url ?? "/api/v1/ws",
    headers,
    socket: { remoteAddress: init.remoteAddress ?? "127.0.0.1" },
  } as unknown as IncomingMessage;
}
