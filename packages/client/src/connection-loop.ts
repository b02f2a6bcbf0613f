import type { BackoffPolicy } from "./backoff.js";
import type { ClientEvents, ClientState, ClientStats } from "./client-types.js";
import { decideAfterClose } from "./close-policy.js";
import type { Emitter } from "./emitter.js";
import { ClientError } from "./errors.js";
import { handleFrame } from "./handle-frame.js";
import type { ResolvedOptions } from "./options.js";
import type { Requests } from "./requests.js";
import { type CloseInfo, type Connection, openConnection } from "./socket.js";
import type { Subscriptions } from "./subscriptions.js";
import { createWatchdog } from "./watchdog.js";

/** How long `close()` waits for the server's close handshake before dropping the socket. */
export const CLOSE_GRACE_MS = 2000;

export interface LoopDeps {
  opts: ResolvedOptions;
  emitter: Emitter<ClientEvents>;
  counters: Omit<ClientStats, "state">;
  subs: Subscriptions;
  requests: Requests;
}

/**
 * The one connection a client keeps: connect (asking a token function first, if any), open
 * (resubscribe, flush requests, start the watchdog), and after every loss decide with
 * close-policy.ts whether and when to try again. `attempt` counts failures in a row and goes
 * back to 0 once a connection delivered a frame. Exactly one timer is pending at any time
 * (retry or watchdog, plus the subscriptions' own retries); `stop()` cancels them all.
 *
 * Every socket callback is checked against the current connection, so a late event from an
 * abandoned socket (watchdog timeout, `close()`) changes nothing.
 */
export function createConnectionLoop(deps: LoopDeps) {
  const { opts, emitter, counters, subs, requests } = deps;
  const policy: BackoffPolicy = {
    minDelayMs: opts.minDelayMs,
    maxDelayMs: opts.maxDelayMs,
    random: opts.random,
  };
  let state: ClientState = "connecting";
  let connection: Connection | undefined;
  let generation = 0;
  let attempt = 0;
  let everOpened = false;
  let retryTimer: unknown;
  let closing: Promise<void> | undefined;
  const send = (command: object) => connection?.send(JSON.stringify(command)) ?? false;
  const watchdog = opts.watchdog
    ? createWatchdog({
        ...opts.watchdog,
        clock: opts.clock,
        timers: opts.timers,
        ping: () => send({ type: "ping" }),
        expire: () => {
          connection?.abandon();
          lost({
            code: 1006,
            reason: `nothing from the server for ${opts.watchdog ? opts.watchdog.timeoutMs : 0} ms`,
          });
        },
      })
    : undefined;

  function connect(): void {
    retryTimer = undefined;
    if (state === "closed") return;
    state = "connecting";
    const mine = ++generation;
    watchdog?.start(false); // also bounds a token function that never answers
    const token = opts.token;
    if (typeof token !== "function") {
      dial(token);
      return;
    }
    Promise.resolve()
      .then(token)
      .then(
        (value) => {
          if (mine === generation && state === "connecting") dial(value);
        },
        (err: unknown) => {
          if (mine !== generation || state !== "connecting") return;
          emitter.emit("error", new ClientError("unauthorized", "the token function failed", { cause: err }));
          lost({ code: 1006, reason: "no token" });
        },
      );
  }

  function dial(token: string | undefined): void {
    const conn: Connection = openConnection(
      { url: opts.url, token, tokenIn: opts.tokenIn, WebSocket: opts.WebSocket, clock: opts.clock },
      {
        onOpen: () => connection === conn && opened(),
        onText: (text) => {
          if (connection !== conn) return;
          watchdog?.activity();
          attempt = 0;
          handleFrame(text, { subs, requests, emitter, counters });
        },
        onClose: (info) => connection === conn && lost(info),
      },
    );
    connection = conn;
  }

  function opened(): void {
    state = "open";
    counters.connects++;
    const reconnected = everOpened;
    if (reconnected) counters.reconnects++;
    everOpened = true;
    watchdog?.start(true);
    subs.opened();
    requests.flush();
    emitter.emit("open", { url: opts.url, reconnected });
  }

  function lost(info: CloseInfo): void {
    const wasOpen = state === "open";
    connection = undefined;
    generation++;
    watchdog?.stop();
    subs.disconnected();
    requests.disconnected();
    const decision = decideAfterClose(info, attempt, policy, opts.retryOnUnauthorized);
    if (decision.error) emitter.emit("error", decision.error);
    emitter.emit("close", { ...info, wasOpen, willReconnect: decision.retry });
    if (!decision.retry) {
      stop(decision.error);
      return;
    }
    attempt++;
    state = "reconnecting";
    retryTimer = opts.timers.setTimeout(connect, decision.delayMs);
    emitter.emit("reconnecting", { attempt, delayMs: decision.delayMs });
  }

  function stop(error?: ClientError): void {
    state = "closed";
    generation++;
    if (retryTimer !== undefined) opts.timers.clearTimeout(retryTimer);
    retryTimer = undefined;
    watchdog?.stop();
    const reason = error ?? new ClientError("closed", "the client was closed");
    subs.closeAll(reason);
    requests.closeAll(reason);
  }

  /** Closes with 1000 and stops; resolves once the socket closed (or after CLOSE_GRACE_MS). */
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      const conn = connection;
      const wasOpen = state === "open";
      connection = undefined;
      stop();
      if (!conn || !wasOpen) {
        conn?.abandon();
        resolve();
        return;
      }
      const finish = () => {
        opts.timers.clearTimeout(grace);
        conn.abandon();
        emitter.emit("close", { code: 1000, reason: "client closed", wasOpen: true, willReconnect: false });
        resolve();
      };
      const grace = opts.timers.setTimeout(finish, CLOSE_GRACE_MS);
      conn.close(1000, "client closed", finish);
    });
    return closing;
  }

  return {
    send,
    start: () => queueMicrotask(connect),
    close,
    get state() {
      return state;
    },
  };
}
