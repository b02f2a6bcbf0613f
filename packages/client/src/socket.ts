import type { TokenPlacement } from "./options.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * The part of a WebSocket the client uses: the WHATWG interface (browsers, Node 22's global,
 * `ws`'s EventTarget shim) plus, when present, `ws`'s `terminate()` and `on("unexpected-response")`
 * (the only way to see the HTTP status of a refused upgrade).
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: listeners of DOM and ws sockets take different event types
  addEventListener(type: string, listener: (event: any) => void): void;
  terminate?(): void;
  on?(event: "unexpected-response", listener: (request: unknown, response: ResponseLike) => void): unknown;
}

interface ResponseLike {
  statusCode?: number;
  headers?: Record<string, unknown>;
}

export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: never,
) => SocketLike;

/**
 * How a connection ended. `httpStatus` is set when the upgrade was refused, `retryAfterMs` when
 * that refusal carried `Retry-After` (Node/ws only: browsers see neither, just a 1006).
 */
export interface CloseInfo {
  code: number;
  reason: string;
  httpStatus?: number;
  retryAfterMs?: number;
}

export interface ConnectionHandlers {
  onOpen(): void;
  onText(text: string): void;
  /** Called exactly once, unless the connection was abandoned. */
  onClose(info: CloseInfo): void;
}

/** One WebSocket attempt. After `abandon()` no handler is called again. */
export interface Connection {
  /** Sends a text frame when the socket is open; false otherwise. */
  send(text: string): boolean;
  /** Starts a close handshake; `done` (instead of `onClose`) runs when the socket has closed. */
  close(code: number, reason: string, done: () => void): void;
  /** Forgets the socket at once (kills it where possible); for timeouts and `client.close()`. */
  abandon(): void;
}

const OPEN = 1;

export interface ConnectOptions {
  url: string;
  token: string | undefined;
  tokenIn: TokenPlacement;
  WebSocket: WebSocketConstructor;
  /** Milliseconds since the epoch, for a `Retry-After` given as a date. Default `Date.now`. */
  clock?: () => number;
}

/** Opens one WebSocket with the token placed as asked (architecture §6). Never throws. */
export function openConnection(options: ConnectOptions, handlers: ConnectionHandlers): Connection {
  let live = true;
  let refusal: { httpStatus?: number; retryAfterMs?: number } | undefined;
  let socket: SocketLike | undefined;
  let afterClose: (() => void) | undefined;
  const finish = (info: CloseInfo) => {
    if (!live) return;
    live = false;
    if (afterClose) afterClose();
    else handlers.onClose(refusal === undefined ? info : { ...info, ...refusal });
  };
  try {
    socket = construct(options);
  } catch (err) {
    // e.g. a URL the implementation rejects; reported like a failed connection, asynchronously
    const reason = err instanceof Error ? err.message : String(err);
    queueMicrotask(() => finish({ code: 1006, reason }));
  }
  const s = socket;
  if (s) {
    s.addEventListener("open", () => live && handlers.onOpen());
    s.addEventListener("message", (event: { data: unknown }) => {
      if (live && typeof event.data === "string") handlers.onText(event.data);
    });
    s.addEventListener("close", (event: { code?: number; reason?: string }) =>
      finish({ code: event.code ?? 1006, reason: event.reason ?? "" }),
    );
    s.addEventListener("error", () => {});
    if (typeof s.on === "function") {
      s.on("unexpected-response", (_request, response) => {
        const now = (options.clock ?? Date.now)();
        const retryAfterMs = parseRetryAfter(response.headers?.["retry-after"], now);
        refusal = {
          ...(response.statusCode === undefined ? {} : { httpStatus: response.statusCode }),
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        };
        kill(s);
      });
    }
  }
  return {
    send(text) {
      if (!live || !s || s.readyState !== OPEN) return false;
      s.send(text);
      return true;
    },
    close(code, reason, done) {
      if (!live || !s) return done();
      afterClose = done;
      s.close(code, reason);
    },
    abandon() {
      live = false;
      if (s) kill(s);
    },
  };
}

function construct({ url, token, tokenIn, WebSocket }: ConnectOptions): SocketLike {
  if (token === undefined || token === "") return new WebSocket(url);
  if (tokenIn === "subprotocol") return new WebSocket(url, ["wirewatch", `token.${token}`]);
  if (tokenIn === "header") {
    const options = { headers: { Authorization: `Bearer ${token}` } } as never;
    return new WebSocket(url, [], options);
  }
  const withToken = new URL(url);
  withToken.searchParams.set("token", token);
  return new WebSocket(withToken.toString());
}

function kill(socket: SocketLike): void {
  try {
    if (typeof socket.terminate === "function") socket.terminate();
    else socket.close(4000, "abandoned");
  } catch {
    // already closed
  }
}
