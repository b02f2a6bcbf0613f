import type { ClientCommand, PublishAck } from "@wirewatch/protocol";
import type { Client, ClientEvents, ClientStats } from "./client-types.js";
import { createConnectionLoop } from "./connection-loop.js";
import { createEmitter } from "./emitter.js";
import { ClientError } from "./errors.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { pendingSubscription } from "./pending-subscription.js";
import { createRequests } from "./requests.js";
import { createSubscriptions } from "./subscriptions.js";

/**
 * A wirewatch client for browsers and Node (architecture §4, §6). It connects at once and keeps a
 * connection for as long as it lives: after any drop it reconnects with full-jitter backoff (or
 * the gateway's 1001 hint), asks for every subscription again with its last `(epoch, seq)`, and
 * delivers the replayed events before live ones, each once per subscription (subscriptions.ts,
 * position.ts); holes the gateway could not replay are reported as `gap` events. It stops only
 * on `close()` or a refused token (HTTP 401 / close 4401, unless `retryOnUnauthorized`).
 */
export function createClient(options: ClientOptions): Client {
  const opts = resolveOptions(options);
  const emitter = createEmitter<ClientEvents>();
  const counters: Omit<ClientStats, "state"> = {
    connects: 0,
    reconnects: 0,
    events: 0,
    recovered: 0,
    duplicatesDropped: 0,
    staleDropped: 0,
    gaps: 0,
  };
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}${++ids}`;
  const send = (command: object) => loop.send(command);
  const subs = createSubscriptions({
    send,
    nextId,
    timers: opts.timers,
    backoff: { minDelayMs: opts.minDelayMs, maxDelayMs: opts.maxDelayMs, random: opts.random },
    gap: (gap) => {
      counters.gaps++;
      emitter.emit("gap", gap);
    },
  });
  const requests = createRequests({ send, nextId: () => nextId("r") });
  const loop = createConnectionLoop({ opts, emitter, counters, subs, requests });

  const client: Client = {
    subscribe(channel, handler, subscribeOptions = {}) {
      if (loop.state === "closed") throw new ClientError("closed", "the client is closed");
      const { state: st, entry } = subs.add(
        channel,
        handler as ((event: unknown) => void) | undefined,
        subscribeOptions.snapshot ?? true,
      );
      const handle = {
        channel: st.ref,
        get active() {
          return entry.active;
        },
        unsubscribe: () => subs.remove(st, entry),
      };
      return pendingSubscription(handle, st.acked.promise);
    },
    on: (name, listener) => emitter.on(name, listener),
    off: (name, listener) => emitter.off(name, listener),
    request(command: ClientCommand) {
      if (command.type === "subscribe" || command.type === "unsubscribe") {
        throw new ClientError("WW_CLIENT_INVALID_REQUEST", "use client.subscribe() and its unsubscribe()");
      }
      if (loop.state === "closed") return Promise.reject(new ClientError("closed", "the client is closed"));
      return requests.request(command);
    },
    publish(channel, data, publishOptions = {}) {
      return client.request({ type: "publish", channel, data, ...publishOptions }) as Promise<PublishAck>;
    },
    positions: () => subs.positions(),
    stats: () => ({ state: loop.state, ...counters }),
    get state() {
      return loop.state;
    },
    close: () => loop.close(),
  };
  loop.start();
  return client;
}
