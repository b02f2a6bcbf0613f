import { vi } from "vitest";
import { type Client, createClient } from "../../src/index.js";
import type { ClientOptions } from "../../src/options.js";
import { FakeSocket } from "./fake-socket.js";

export const URL_ = "ws://gw.test/api/v1/ws";

/** A client on the fake socket with fake timers; jitter pinned to the middle unless given. */
export function makeClient(options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: URL_,
    token: "tok",
    WebSocket: FakeSocket,
    reconnect: { random: () => 0.5 },
    ...options,
  });
}

/** Runs due microtasks and zero-delay timers. */
export const flush = () => vi.advanceTimersByTimeAsync(0);

/** Records every client event by name. */
export function record(client: Client) {
  const log: { name: string; payload: unknown }[] = [];
  for (const name of ["open", "close", "reconnecting", "gap", "error", "event"] as const) {
    client.on(name, (payload) => log.push({ name, payload }));
  }
  return {
    log,
    of: <T = Record<string, unknown>>(name: string) =>
      log.filter((e) => e.name === name).map((e) => e.payload as T),
  };
}

/** Opens the newest socket and acknowledges its subscribe commands; returns the socket. */
export async function openAndAck(): Promise<FakeSocket> {
  await flush();
  const ws = FakeSocket.last;
  ws.open();
  for (const cmd of ws.subscribes()) ack(ws, cmd);
  await flush();
  return ws;
}

export function ack(ws: FakeSocket, cmd: Record<string, unknown>): void {
  ws.receive({
    type: "subscription_ack",
    id: cmd.id,
    channels: cmd.channels,
    status: "subscribed",
    timestamp: "2025-06-19T14:30:00.000Z",
  });
}

export function resume(
  ws: FakeSocket,
  cmd: Record<string, unknown>,
  body: { channel: string; recovered: boolean; epoch: string; from_seq: number; to_seq: number },
): void {
  ws.receive({ type: "resume", id: cmd.id, timestamp: "2025-06-19T14:30:00.000Z", ...body });
}
