import { type Client, createClient, type WebSocketConstructor } from "@wirewatch/client";
import WebSocket from "ws";

/** One `close` the client reported, with the delay of the retry it scheduled after it. */
export interface AddressedClose {
  code: number;
  reason: string;
  httpStatus?: number;
  wasOpen: boolean;
  at: number;
  /** `delayMs` of the `reconnecting` event that followed (undefined if it did not retry). */
  retryDelayMs?: number;
}

/**
 * A @wirewatch/client whose TCP connections leave from `localAddress` (a 127.0.0.N loopback
 * address), so one test can have many real client addresses behind one nginx on 127.0.0.1.
 * Records every close (and the delay of the retry after it) and every `error` code.
 */
export class AddressedClient {
  readonly closes: AddressedClose[] = [];
  readonly errors: string[] = [];
  /** Connection attempts (sockets constructed). */
  attempts = 0;
  readonly client: Client;

  constructor(
    readonly localAddress: string,
    options: { url: string; token: string },
  ) {
    const self = this;
    class BoundWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[], init?: WebSocket.ClientOptions) {
        super(url, protocols ?? [], { ...init, localAddress });
        self.attempts++;
      }
    }
    this.client = createClient({
      url: options.url,
      token: options.token,
      WebSocket: BoundWebSocket as unknown as WebSocketConstructor,
    });
    this.client.on("close", (info) => this.closes.push({ ...info, at: Date.now() }));
    this.client.on("reconnecting", ({ delayMs }) => {
      const last = this.closes.at(-1);
      if (last && last.retryDelayMs === undefined) last.retryDelayMs = delayMs;
    });
    this.client.on("error", (error) => this.errors.push(error.code));
  }

  /** Closes the gateway refused a connection with: an HTTP status at the upgrade, or 1013 right after it. */
  refusals(): AddressedClose[] {
    return this.closes.filter((c) => c.httpStatus !== undefined || c.code === 1013);
  }

  /** Open now, and the gateway answers a command on this connection. */
  async live(): Promise<boolean> {
    if (this.client.state !== "open") return false;
    try {
      const reply = await this.client.request({ type: "list_subscriptions" });
      return reply.type === "subscriptions";
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
