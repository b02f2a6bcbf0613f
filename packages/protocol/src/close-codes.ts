/**
 * WebSocket close codes wirewatch sends (architecture §4). 1xxx are RFC 6455's; 4xxx mirror HTTP
 * statuses (4401 ≈ 401) so they read the same in a browser console.
 */
export const CLOSE_CODES = {
  /** Server shutting down or replica draining; the reason carries a reconnect hint. */
  goingAway: 1001,
  /** A binary frame: every wire format wirewatch speaks is JSON text. */
  unsupportedData: 1003,
  /** Protocol abuse or a policy violation (bad Origin, repeated invalid frames). */
  policy: 1008,
  /** A frame over the size limit. */
  tooBig: 1009,
  /**
   * Try again later: this replica is at the client's per-address connection limit; the reason
   * carries `{"reconnect":true,"retry_after_ms":N}`.
   */
  tryAgainLater: 1013,
  /** Missing, wrong or expired token. */
  unauthorized: 4401,
  /** The token may not read a channel it asked for at connect time. */
  forbidden: 4403,
  /** Message rate limit exceeded after a warning. */
  rateLimited: 4429,
  /** The client stopped reading and its buffer passed the cap. */
  slowConsumer: 4008,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
