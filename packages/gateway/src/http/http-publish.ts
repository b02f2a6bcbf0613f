import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator } from "../auth/authenticator.js";
import { pathOf } from "../auth/extract-token.js";
import type { OriginPolicy } from "../auth/origin.js";
import { type PublishDeps, publishEvent } from "../commands/publish.js";
import type { Logger } from "../logger.js";
import { authorizeHttp } from "./http-auth.js";
import { readBody, respond } from "./http-json.js";
import type { HttpRateLimit } from "./http-rate-limit.js";

/** The HTTP publish route's path. */
export const PUBLISH_PATH = "/api/v1/publish";

export interface HttpPublishOptions {
  authenticator: Authenticator;
  origin: OriginPolicy;
  publish: PublishDeps;
  /** Publishes per client (token name and address); checked once the token is known. */
  rateLimit: HttpRateLimit;
  /** The client's address (the forwarded one behind a trusted proxy). */
  clientAddress: (req: IncomingMessage) => string;
  logger: Logger;
  path?: string;
}

/**
 * `POST /api/v1/publish` (architecture §4): the WebSocket `publish` for scripts that would rather
 * not hold a socket. Body `{"channel": "custom.backup", "data": {...}, "host"?: "nas1"}` as
 * `application/json`, at most `maxFrameBytes`; token as `Authorization: Bearer` or `?token=`.
 *
 * Answers 202 `{"channel", "seq"}` once the bus accepted the event; errors are JSON
 * `{"error": <protocol error code>, "message"}` with 400 (invalid_json, invalid_message,
 * invalid_channel, unknown_channel, bad_publish), 401 (unauthorized), 403 (forbidden,
 * forbidden_channel, forbidden_origin, bad_publish: a new custom channel past the limit), 405,
 * 413 (frame_too_big: the body; bad_publish: the event would not fit in one frame), 415
 * (invalid_message: not JSON), 429 (rate_limited, with `Retry-After`: the WebSocket message rate,
 * per token and client address), 503 (unavailable).
 */
export function createHttpPublishHandler(
  options: HttpPublishOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const path = options.path ?? PUBLISH_PATH;
  const limit = options.publish.maxFrameBytes;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return respond(res, 405, { error: "method_not_allowed", message: "use POST" });
    }
    const principal = await authorizeHttp(req, res, options);
    if (!principal) return;
    const rate = options.rateLimit.take(`${principal.name} ${options.clientAddress(req)}`);
    if (!rate.ok) {
      res.setHeader("retry-after", String(rate.retryAfterSeconds));
      return respond(res, 429, { error: "rate_limited", message: "too many publishes; slow down" });
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
      return respond(res, 415, { error: "invalid_message", message: "send the body as application/json" });
    }
    const body = await readBody(req, limit);
    if (body === "too_large") {
      res.setHeader("connection", "close");
      return respond(res, 413, { error: "frame_too_big", message: `the body is larger than ${limit} bytes` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return respond(res, 400, { error: "invalid_json", message: "the body is not valid JSON" });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !("channel" in parsed)) {
      return respond(res, 400, {
        error: "invalid_message",
        message: 'expected {"channel": ..., "data": {...}}',
      });
    }
    const input = parsed as { channel: unknown; data?: unknown; host?: unknown };
    const outcome = await publishEvent(options.publish, principal, {
      channel: input.channel,
      data: input.data,
      host: input.host,
    });
    if (!outcome.ok) return respond(res, outcome.status, { error: outcome.code, message: outcome.message });
    options.logger.debug({ principal: principal.name, channel: outcome.event.channel }, "http publish");
    respond(res, 202, { channel: outcome.event.channel, seq: outcome.event.seq });
  };

  return (req, res) => {
    if (pathOf(req.url) !== path) return false;
    handle(req, res).catch((err: unknown) => {
      options.logger.error({ err }, "http publish failed");
      if (!res.headersSent) respond(res, 500, { error: "internal", message: "the server failed" });
      else res.destroy();
    });
    return true;
  };
}
