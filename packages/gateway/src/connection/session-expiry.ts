import { CLOSE_CODES } from "@wirewatch/protocol";
import type { Principal } from "../auth/principal.js";

/** setTimeout's longest delay (about 24.8 days); a later expiry is reached by re-arming. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the expiry timer needs of a session. */
export interface Expiring {
  readonly principal: Principal;
  /** False once the socket is closing: nothing is re-armed. */
  readonly open: boolean;
  /** The pending timer, kept by the session so that its release clears it. */
  expiryTimer: NodeJS.Timeout | undefined;
  close(code: number, reason: string): void;
}

/**
 * Closes `session` with 4401 "token expired" when its credential expires (JWT `exp`, the
 * principal's `expiresAt`): at once when that has passed, else from an unref'd timer, re-armed in
 * steps of at most {@link MAX_TIMER_MS} however far away it is. A principal without `expiresAt`
 * (static tokens, auth off) gets no timer. The timer gets the session as its argument, so arming
 * allocates no closure.
 */
export function armExpiry(session: Expiring): void {
  const expiresAt = session.principal.expiresAt;
  if (expiresAt === undefined || !session.open) return;
  const delay = expiresAt - Date.now();
  if (delay <= 0) {
    session.expiryTimer = undefined;
    session.close(CLOSE_CODES.unauthorized, "token expired");
    return;
  }
  session.expiryTimer = setTimeout(armExpiry, Math.min(delay, MAX_TIMER_MS), session);
  session.expiryTimer.unref();
}
