import type { IncomingMessage, ServerResponse } from "node:http";

/** The fields of an IncomingMessage the route table and the gateway read, without a server. */
export function fakeRequest(
  method: string,
  url: string,
  headers: Record<string, string> = {},
): IncomingMessage {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    url,
    headers: lower,
    socket: { remoteAddress: "127.0.0.1" },
  } as unknown as IncomingMessage;
}

/** What a handler wrote to a {@link fakeResponse}. */
export interface Recorded {
  status?: number;
  headers: Record<string, string | number | readonly string[]>;
  body: string;
  ended: boolean;
}

/** A ServerResponse that records the status, headers and body written to it. */
export function fakeResponse(): { res: ServerResponse; written: Recorded } {
  const written: Recorded = { headers: {}, body: "", ended: false };
  const res = {
    get headersSent() {
      return written.status !== undefined;
    },
    setHeader(name: string, value: string | number | readonly string[]) {
      written.headers[name.toLowerCase()] = value;
      return res;
    },
    writeHead(status: number, headers: Record<string, string | number> = {}) {
      written.status = status;
      for (const [k, v] of Object.entries(headers)) written.headers[k.toLowerCase()] = v;
      return res;
    },
    end(body?: string | Buffer) {
      if (body !== undefined) written.body += String(body);
      written.ended = true;
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, written };
}
