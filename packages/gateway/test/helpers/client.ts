import { waitFor } from "@wirewatch/testkit";
import WebSocket from "ws";

/** A real ws client that records every frame and the close, for assertions. */
export interface TestClient {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: { code: number; reason: string } | undefined;
  send(message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** Waits for the first recorded message (from `from`) matching `match`; returns it. */
  next(
    match: (m: Record<string, unknown>) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<Record<string, unknown>>;
  /** Waits until the socket closed; returns code and reason. */
  waitClose(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connect(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string>; origin?: string } = {},
): Promise<TestClient> {
  const ws = new WebSocket(url, options.protocols ?? [], {
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const client = wrap(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return client;
}

/** Opens a connection expected to be refused; resolves with the HTTP status and JSON body. */
export function refused(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string>; origin?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], {
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    });
    ws.once("open", () => {
      ws.terminate();
      reject(new Error("connection was accepted"));
    });
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    ws.once("error", () => {});
  });
}

export function wrap(ws: WebSocket): TestClient {
  const client: TestClient = {
    ws,
    messages: [],
    closed: undefined,
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (text) => ws.send(text),
    async next(match, options = {}) {
      const from = options.from ?? 0;
      return waitFor(() => client.messages.slice(from).find(match), {
        timeoutMs: options.timeoutMs ?? 5000,
        intervalMs: 5,
        description: "a matching message",
      });
    },
    async waitClose(timeoutMs = 10_000) {
      return waitFor(() => client.closed, { timeoutMs, intervalMs: 5, description: "the socket to close" });
    },
    close: () => ws.close(),
  };
  ws.on("message", (data) => client.messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  ws.on("close", (code, reason) => {
    client.closed = { code, reason: reason.toString() };
  });
  ws.on("error", () => {});
  return client;
}

export const ofType = (type: string) => (m: Record<string, unknown>) => m.type === type;
