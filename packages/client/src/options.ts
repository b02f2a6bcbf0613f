import { ClientError } from "./errors.js";
import type { WebSocketConstructor } from "./socket.js";

/** Where the token travels (architecture §6). */
export type TokenPlacement = "query" | "header" | "subprotocol";

/** Timers the client schedules with; inject fakes in tests. Handles are opaque. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReconnectOptions {
  /** Base of the full-jitter backoff: the first retry waits up to this long. Default 500. */
  minDelayMs?: number;
  /** Ceiling of every backoff delay. Default 5000. */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

export interface WatchdogOptions {
  /** Sends `{"type":"ping"}` after this long without a frame from the server. Default 10 000. */
  pingIntervalMs?: number;
  /** Drops the connection (and reconnects) after this long without any frame. Default 25 000. */
  timeoutMs?: number;
}

export interface ClientOptions {
  /** Gateway WebSocket URL, e.g. `ws://nas:34600/api/v1/ws` (`http(s)://` is accepted too). */
  url: string;
  /** Access token, or a function asked before every connection attempt (refreshable JWTs). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /**
   * Default: `header` when the WebSocket implementation can send headers (Node's `ws`),
   * otherwise `query` (browsers cannot set headers). `subprotocol` offers
   * `["wirewatch", "token.<TOKEN>"]` and keeps the token out of URLs and logs.
   */
  tokenIn?: TokenPlacement;
  /** WebSocket constructor. Default `globalThis.WebSocket`; on Node 20 pass `ws`'s default export. */
  WebSocket?: WebSocketConstructor;
  reconnect?: ReconnectOptions;
  /** `false` turns the watchdog (and the connect timeout) off. */
  watchdog?: WatchdogOptions | false;
  /** Keep reconnecting after 401/403 (4401/4403) instead of stopping. Default false. */
  retryOnUnauthorized?: boolean;
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: () => number;
  timers?: Timers;
}

export interface ResolvedOptions {
  url: string;
  token: ClientOptions["token"];
  tokenIn: TokenPlacement;
  WebSocket: WebSocketConstructor;
  minDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  watchdog: { pingIntervalMs: number; timeoutMs: number } | false;
  retryOnUnauthorized: boolean;
  clock: () => number;
  timers: Timers;
}

const globalTimers: Timers = {
  // Looked up at call time, so fake timers installed after createClient still apply.
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/** Validates options and fills in defaults; throws `WW_CLIENT_OPTIONS_INVALID` / `WW_CLIENT_NO_WEBSOCKET`. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const url = normalizeUrl(options.url);
  const WebSocket =
    options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? undefined;
  if (typeof WebSocket !== "function") {
    throw new ClientError(
      "WW_CLIENT_NO_WEBSOCKET",
      'no WebSocket implementation: pass one as `WebSocket` (on Node 20: `import WebSocket from "ws"`)',
    );
  }
  const minDelayMs = positive("reconnect.minDelayMs", options.reconnect?.minDelayMs, 500);
  const maxDelayMs = positive("reconnect.maxDelayMs", options.reconnect?.maxDelayMs, 5000);
  if (maxDelayMs < minDelayMs) invalid("reconnect.maxDelayMs must be at least reconnect.minDelayMs");
  const watchdog =
    options.watchdog === false
      ? false
      : {
          pingIntervalMs: positive("watchdog.pingIntervalMs", options.watchdog?.pingIntervalMs, 10_000),
          timeoutMs: positive("watchdog.timeoutMs", options.watchdog?.timeoutMs, 25_000),
        };
  const tokenIn = options.tokenIn ?? (supportsHeaders(WebSocket) ? "header" : "query");
  if (!["query", "header", "subprotocol"].includes(tokenIn)) {
    invalid(`tokenIn must be "query", "header" or "subprotocol", got ${String(tokenIn)}`);
  }
  return {
    url,
    token: options.token,
    tokenIn,
    WebSocket,
    minDelayMs,
    maxDelayMs,
    random: options.reconnect?.random ?? Math.random,
    watchdog,
    retryOnUnauthorized: options.retryOnUnauthorized ?? false,
    clock: options.clock ?? Date.now,
    timers: options.timers ?? globalTimers,
  };
}

/** `ws`-like implementations (an EventEmitter with `terminate`) accept `{ headers }`; browsers' do not. */
export function supportsHeaders(WebSocket: WebSocketConstructor): boolean {
  const proto = (WebSocket as { prototype?: Record<string, unknown> }).prototype;
  return typeof proto?.on === "function" && typeof proto?.terminate === "function";
}

function normalizeUrl(input: unknown): string {
  if (typeof input !== "string" || input.length === 0) invalid("url must be a non-empty string");
  let url: URL;
  try {
    url = new URL(input as string);
  } catch {
    return invalid(`url is not an absolute URL: ${String(input)}`);
  }
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  if (url.protocol !== "ws:" && url.protocol !== "wss:")
    invalid(`url must be ws:// or wss://, got ${url.protocol}`);
  return url.toString();
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    invalid(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

function invalid(message: string): never {
  throw new ClientError("WW_CLIENT_OPTIONS_INVALID", message);
}
