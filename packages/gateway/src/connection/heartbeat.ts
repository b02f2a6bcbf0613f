/** A socket as the heartbeat sees it (the session). */
export interface HeartbeatTarget {
  alive: boolean;
  readonly open: boolean;
  ping(): void;
  terminate(reason: "heartbeat"): void;
}

/** The running heartbeat of one gateway. */
export interface Heartbeat {
  stop(): void;
}

/**
 * Server-side keep-alive (architecture §4): every `intervalMs` each open socket that answered the
 * previous ping gets a new one; a socket that did not is terminated (dead peer, half-open TCP,
 * or a client so stalled that even a pong cannot get through). One timer for all sockets.
 */
export function startHeartbeat(targets: () => Iterable<HeartbeatTarget>, intervalMs: number): Heartbeat {
  const timer = setInterval(() => {
    for (const target of targets()) {
      if (!target.open) continue;
      if (!target.alive) {
        target.terminate("heartbeat");
        continue;
      }
      target.alive = false;
      try {
        target.ping();
      } catch {
        target.terminate("heartbeat");
      }
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
