import type { SocketLike } from "../../src/socket.js";

type Listener = (event: unknown) => void;
/** The part of ws's IncomingMessage the client reads from a refused upgrade. */
type FakeResponse = { statusCode?: number; headers?: Record<string, string> };

/**
 * A scripted WebSocket for unit tests (no ports): records what the client sends, and lets the
 * test play the server — open, frames, close, a refused upgrade. `ws`-like (it has `on` and
 * `terminate`), so the client uses header tokens and sees HTTP statuses; `BrowserFakeSocket`
 * lacks both.
 */
export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  static reset(): void {
    FakeSocket.instances = [];
  }
  static get last(): FakeSocket {
    const last = FakeSocket.instances.at(-1);
    if (!last) throw new Error("no socket was created");
    return last;
  }

  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  terminated = false;
  private readonly listeners = new Map<string, Listener[]>();
  private unexpected: ((request: unknown, response: FakeResponse) => void) | undefined;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
    readonly options?: { headers?: Record<string, string> },
  ) {
    FakeSocket.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  on(_event: "unexpected-response", listener: (request: unknown, response: FakeResponse) => void) {
    this.unexpected = listener;
    return this;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send while not open");
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    if (this.readyState === 3) return;
    this.readyState = 2;
    queueMicrotask(() => this.finish(code ?? 1005, reason ?? ""));
  }

  terminate(): void {
    this.terminated = true;
    if (this.readyState === 3) return;
    this.readyState = 2;
    queueMicrotask(() => this.finish(1006, ""));
  }

  // ---- the server's side ---------------------------------------------------------------

  open(): void {
    this.readyState = 1;
    this.dispatch("open", {});
  }

  receive(frame: unknown): void {
    this.dispatch("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }

  serverClose(code: number, reason = ""): void {
    this.finish(code, reason);
  }

  /** An upgrade refused with an HTTP status and headers (ws's 'unexpected-response'). */
  refuse(statusCode: number, headers: Record<string, string> = {}): void {
    this.unexpected?.({}, { statusCode, headers });
  }

  /** Subscribe commands sent so far. */
  subscribes(): Record<string, unknown>[] {
    return this.sent.filter((m) => m.type === "subscribe");
  }

  private finish(code: number, reason: string): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatch("close", { code, reason });
  }

  private dispatch(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** Like a browser's WebSocket: no headers, no HTTP status, no terminate. */
export class BrowserFakeSocket extends FakeSocket {}
Object.defineProperty(BrowserFakeSocket.prototype, "on", { value: undefined });
Object.defineProperty(BrowserFakeSocket.prototype, "terminate", { value: undefined });

/** An event frame as the gateway sends it. */
export function eventFrame(
  channel: string,
  seq: number,
  epoch: string,
  data: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: channel,
    channel,
    host: "nas1",
    seq,
    epoch,
    timestamp: "2025-06-19T14:30:00.000Z",
    data,
    ...extra,
  };
}

/** A valid system.stats payload. */
export function statsData(cpu = 25.5): Record<string, unknown> {
  return {
    cpu_percent: cpu,
    memory_percent: 50,
    memory_used: 8589934592,
    memory_total: 17179869184,
    uptime: 86400,
    load_average: [0.5, 0.7, 0.9],
    network_io: { bytes_sent: 1048576, bytes_recv: 2097152 },
  };
}
