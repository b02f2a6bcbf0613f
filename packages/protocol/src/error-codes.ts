/**
 * Stable error codes of the native protocol's `{"type":"error","code":...}` frames (architecture §4).
 * Clients may switch on these; never rename one, only add.
 */
export const ERROR_CODES = {
  invalid_json: "The frame is not valid JSON",
  invalid_message: "The message is not an object with a string `type`, or a field has the wrong type",
  unknown_type: "The message `type` is not a known command",
  invalid_channel: "The channel name is malformed (wildcards, control characters, too long)",
  unknown_channel: "No channel has that name",
  forbidden_channel: "The token does not allow this channel",
  subscription_limit: "Too many subscriptions on this socket",
  not_subscribed: "Unsubscribe for a channel the socket is not subscribed to",
  bad_publish: "The publish was refused: wrong channel, payload failing its schema, or too big",
  forbidden: "The token lacks the permission this command needs",
  rate_limited: "Too many messages; slow down or the socket is closed 4429",
  frame_too_big: "The frame is larger than the limit",
  internal: "The server failed to handle the message; the socket stays usable",
  unavailable:
    "The bus is down, or the service a command needs (the alert engine) is not reachable; try again shortly",
  not_found: "No alert or silence has that id (alert_ack, unsilence), or a silence names no known rule",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
