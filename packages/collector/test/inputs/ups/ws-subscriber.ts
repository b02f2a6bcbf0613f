import { waitFor } from "@wirewatch/testkit";
import WebSocket from "ws";

/** A real WebSocket client of the native protocol that records every frame it receives. */
export interface Subscriber {
  messages: Record<string, unknown>[];
  /** Waits for the first message from index `from` on that matches; returns it and its index. */
  next(
    match: (message: Record<string, unknown>) => boolean,
    options?: { from?: number; timeoutMs?: number; description?: string },
  ): Promise<{ message: Record<string, unknown>; index: number }>;
  close(): void;
}

/** Connects with `?token=` and subscribes to `channels`; resolves after the subscription_ack. */
export async function subscribe(url: string, token: string, channels: string[]): Promise<Subscriber> {
  const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
  const messages: Record<string, unknown>[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const subscriber: Subscriber = {
    messages,
    async next(match, options = {}) {
      const from = options.from ?? 0;
      return waitFor(
        () => {
          const index = messages.findIndex((m, i) => i >= from && match(m));
          return index >= 0 ? { message: messages[index] as Record<string, unknown>, index } : undefined;
        },
        {
          timeoutMs: options.timeoutMs ?? 15_000,
          intervalMs: 10,
          description: options.description ?? "a message",
        },
      );
    },
    close: () => ws.close(),
  };
  ws.send(JSON.stringify({ type: "subscribe", channels }));
  await subscriber.next((m) => m.type === "subscription_ack", { description: "subscription_ack" });
  return subscriber;
}
