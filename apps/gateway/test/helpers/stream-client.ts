import { type ChannelRefString, type Client, createClient } from "@wirewatch/client";
import WebSocket from "ws";

/** One delivered event, or a `gap` the client reported, in arrival order. */
export interface Frame {
  /** The channel for events; `"gap"` for a gap report. */
  type: string;
  channel?: string;
  seq?: number;
  epoch?: string;
  recovered?: boolean;
  reason?: string;
  data?: Record<string, unknown>;
  /** Arrival time (Date.now()). */
  at: number;
  /** Which connection of this client carried it (0, 1, ...). */
  connection: number;
  [key: string]: unknown;
}

export interface CloseRecord {
  code: number;
  reason: string;
  at: number;
  /** The replica (`HOST:PORT` from nginx's X-Wirewatch-Upstream) the connection was on. */
  upstream: string | undefined;
}

export interface StreamClientOptions {
  url: string;
  token: string;
  channels: readonly string[];
}

/**
 * A @wirewatch/client (reconnecting, resuming, de-duplicating) instrumented for the cluster
 * tests: records each delivered event and reported gap with its arrival time and connection,
 * every close, every error — the client's `error` events and the sockets' own (failed
 * handshakes, resets) — and, per connection, the replica nginx chose (`X-Wirewatch-Upstream`).
 */
export class StreamClient {
  readonly frames: Frame[] = [];
  readonly closes: CloseRecord[] = [];
  readonly errors: string[] = [];
  /** The replica of each connection attempt that got an HTTP answer, in order. */
  readonly upstreams: (string | undefined)[] = [];
  private client: Client | undefined;

  constructor(private readonly options: StreamClientOptions) {}

  /** Connects and resolves once every channel's subscription was acknowledged. */
  async start(): Promise<void> {
    const self = this;
    class TracedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        const index = self.upstreams.push(undefined) - 1;
        this.on("upgrade", (res) => {
          // After a retry nginx lists every replica it tried ("a:1, b:2"); the last one answered.
          const header = String(res.headers["x-wirewatch-upstream"] ?? "");
          self.upstreams[index] = header.split(",").at(-1)?.trim() || undefined;
        });
        this.on("error", (error) => self.errors.push(`socket: ${error.message}`));
        this.on("close", (code, reason) =>
          self.closes.push({ code, reason: String(reason), at: Date.now(), upstream: self.upstreams[index] }),
        );
      }
    }
    const client = createClient({
      url: this.options.url,
      token: this.options.token,
      WebSocket: TracedWebSocket,
    });
    this.client = client;
    client.on("error", (error) => this.errors.push(`client: ${error.code}: ${error.message}`));
    client.on("gap", (gap) =>
      this.frames.push({ ...gap, type: "gap", at: Date.now(), connection: this.connection }),
    );
    await Promise.all(
      this.options.channels.map((channel) =>
        client.subscribe(channel as ChannelRefString, (event) => {
          this.frames.push({ ...(event as unknown as Frame), at: Date.now(), connection: this.connection });
        }),
      ),
    );
  }

  /** The replica the current connection is on. */
  get upstream(): string | undefined {
    return this.upstreams.at(-1);
  }

  /** Connection attempts so far (the current one included). */
  get connections(): number {
    return this.upstreams.length;
  }

  /** Reconnected, and an event arrived on the new connection. */
  resumed(): boolean {
    return this.connections >= 2 && this.frames.some((f) => f.connection >= 1 && f.type !== "gap");
  }

  private get connection(): number {
    return Math.max(0, this.upstreams.length - 1);
  }

  /** Delivered events of `channel`, in arrival order. */
  events(channel: string): Frame[] {
    return this.frames.filter((f) => f.channel === channel && f.type !== "gap" && typeof f.seq === "number");
  }

  lastPoint(channel: string): { seq: number; epoch: string } | undefined {
    return this.client?.positions()[channel];
  }

  stats() {
    return this.client?.stats();
  }

  async waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`client timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<void> {
    return this.client?.close() ?? Promise.resolve();
  }
}
