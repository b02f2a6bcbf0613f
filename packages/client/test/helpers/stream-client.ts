import { waitFor } from "@wirewatch/testkit";
import WebSocket from "ws";
import { type ClientError, type ClientOptions, createClient, type GapEvent } from "../../src/index.js";
import { READ_TOKEN } from "./gateway.js";

/** A real client (ws) subscribed to `custom.stream`, recording seqs, replays, errors, gaps and closes. */
export async function streamClient(options: Partial<ClientOptions> & { url: string }) {
  const client = createClient({
    WebSocket,
    token: READ_TOKEN,
    reconnect: { minDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
  const seqs: number[] = [];
  const recovered: number[] = [];
  const errors: ClientError[] = [];
  const gaps: GapEvent[] = [];
  const closes: number[] = [];
  const closeReasons: string[] = [];
  client.on("error", (e) => errors.push(e));
  client.on("gap", (g) => gaps.push(g));
  client.on("close", (c) => {
    closes.push(c.code);
    closeReasons.push(c.reason);
  });
  await client.subscribe("custom.stream", (ev) => {
    seqs.push(ev.seq);
    if (ev.recovered) recovered.push(ev.seq);
  });
  return { client, seqs, recovered, errors, gaps, closes, closeReasons };
}

/** Stops the producer and waits until `seqs` ends with the last seq it published. */
export async function drained(
  seqs: number[],
  producer: { stop(): Promise<void>; readonly published: number },
) {
  await producer.stop();
  await waitFor(() => seqs.at(-1) === producer.published, { timeoutMs: 10_000, description: "every event" });
}
