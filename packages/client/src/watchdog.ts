import type { Timers } from "./options.js";

/**
 * Liveness of one connection, seen from the client. The gateway pings at the WebSocket level,
 * but browsers answer those silently and never tell the page, and a half-open TCP connection
 * (a replica killed behind a load balancer, a frozen NAT) may never deliver a close. So:
 *
 * - after `pingIntervalMs` without any frame from the server, send `{"type":"ping"}` (the
 *   gateway answers `pong`), again every `pingIntervalMs` while it stays quiet;
 * - after `timeoutMs` without any frame at all (data, reply or pong), call `expire()` once —
 *   the client then drops the connection and reconnects.
 *
 * While connecting, `start(false)` arms only the timeout (a connect timeout). One timer at a
 * time, re-armed at most once per ping interval whatever the event rate; `activity()` is a
 * clock read.
 */
export interface Watchdog {
  start(ping: boolean): void;
  /** A frame arrived. */
  activity(): void;
  stop(): void;
}

export interface WatchdogDeps {
  pingIntervalMs: number;
  timeoutMs: number;
  clock: () => number;
  timers: Timers;
  ping(): void;
  expire(): void;
}

export function createWatchdog(deps: WatchdogDeps): Watchdog {
  const { pingIntervalMs, timeoutMs, clock, timers } = deps;
  let handle: unknown;
  let armed = false;
  let pinging = false;
  let lastFrameAt = 0;
  let lastPingAt = 0;

  const schedule = (delayMs: number) => {
    handle = timers.setTimeout(check, Math.max(1, Math.ceil(delayMs)));
  };

  function check(): void {
    handle = undefined;
    if (!armed) return;
    const now = clock();
    if (now - lastFrameAt >= timeoutMs) {
      armed = false;
      deps.expire();
      return;
    }
    const quietSince = Math.max(lastFrameAt, lastPingAt);
    if (pinging && now - quietSince >= pingIntervalMs) {
      lastPingAt = now;
      deps.ping();
    }
    const deadline = lastFrameAt + timeoutMs;
    const nextPing = pinging ? Math.max(lastFrameAt, lastPingAt) + pingIntervalMs : deadline;
    schedule(Math.min(deadline, nextPing) - now);
  }

  const stop = () => {
    armed = false;
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };

  return {
    start(ping) {
      stop();
      armed = true;
      pinging = ping;
      lastFrameAt = clock();
      lastPingAt = lastFrameAt;
      schedule(ping ? Math.min(pingIntervalMs, timeoutMs) : timeoutMs);
    },
    activity() {
      lastFrameAt = clock();
    },
    stop,
  };
}
