import type { IncomingMessage, ServerResponse } from "node:http";
import { silenceCommand } from "@wirewatch/protocol";
import type { GatewayAlerts } from "../alerts-port.js";
import type { Authenticator } from "../auth/authenticator.js";
import { pathOf } from "../auth/extract-token.js";
import type { OriginPolicy } from "../auth/origin.js";
import { type AlertsFailure, alertsAccess, callAlerts } from "../commands/alert-commands.js";
import type { Logger } from "../logger.js";
import { authorizeHttp } from "./http-auth.js";
import { readBody, respond } from "./http-json.js";

/** The alert routes' paths: `GET` the list, `POST {id}/ack`. */
export const ALERTS_PATH = "/api/v1/alerts";
/** The silence routes' paths: `GET` and `POST` the list, `DELETE {id}`. */
export const SILENCES_PATH = "/api/v1/silences";

export interface HttpAlertsOptions {
  authenticator: Authenticator;
  origin: OriginPolicy;
  logger: Logger;
  alerts: GatewayAlerts | undefined;
  maxBodyBytes: number;
}

type Route =
  | { kind: "alerts"; methods: ["GET"] }
  | { kind: "ack"; id: string; methods: ["POST"] }
  | { kind: "silences"; methods: ["GET", "POST"] }
  | { kind: "silence"; id: string; methods: ["DELETE"] };

function matchRoute(path: string): Route | "bad_id" | undefined {
  if (path === ALERTS_PATH) return { kind: "alerts", methods: ["GET"] };
  if (path === SILENCES_PATH) return { kind: "silences", methods: ["GET", "POST"] };
  const ack = /^\/api\/v1\/alerts\/([^/]+)\/ack$/.exec(path);
  const silence = /^\/api\/v1\/silences\/([^/]+)$/.exec(path);
  const raw = ack?.[1] ?? silence?.[1];
  if (raw === undefined) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return "bad_id";
  }
  if (id.length === 0 || id.length > 128) return "bad_id";
  return ack ? { kind: "ack", id, methods: ["POST"] } : { kind: "silence", id, methods: ["DELETE"] };
}

/**
 * The alert routes (admin tokens; same auth as `POST /api/v1/publish`: Bearer or `?token=`, the
 * Origin policy):
 *
 * | route                                | answer                                              |
 * |--------------------------------------|-----------------------------------------------------|
 * | `GET /api/v1/alerts`                 | 200 `{alerts, silences}`                            |
 * | `POST /api/v1/alerts/{id}/ack`       | 200 `{alert_id, alert}`                             |
 * | `GET /api/v1/silences`               | 200 `{silences}`                                    |
 * | `POST /api/v1/silences`              | 201 `{silence_id, expires_at, silence}`; body `{rule?, host?, duration_ms, reason}` |
 * | `DELETE /api/v1/silences/{id}`       | 200 `{silence_id, silence}`                         |
 *
 * Errors are `{"error": <code>, "message"}`: 400 (invalid_json, invalid_message), 401
 * (unauthorized), 403 (forbidden, forbidden_origin), 404 (not_found), 405, 413, 415, 503
 * (unavailable: no alert engine in this process, or it failed).
 */
export function createHttpAlertsHandler(
  options: HttpAlertsOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const fail = (res: ServerResponse, f: AlertsFailure) =>
    respond(res, f.status, { error: f.code, message: f.message });

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: Route | "bad_id",
  ): Promise<void> => {
    if (route === "bad_id")
      return respond(res, 400, { error: "invalid_message", message: "malformed id in the path" });
    if (!(route.methods as string[]).includes(req.method ?? "")) {
      res.setHeader("allow", route.methods.join(", "));
      return respond(res, 405, { error: "method_not_allowed", message: `use ${route.methods.join(" or ")}` });
    }
    const principal = await authorizeHttp(req, res, options);
    if (!principal) return;
    const access = alertsAccess(options.alerts, principal);
    if (!access.ok) return fail(res, access);
    const alerts = access.value;
    const by = principal.name;
    const call = <T>(run: () => T | Promise<T>) => callAlerts(options.logger, run);

    if (route.kind === "alerts") {
      const out = await call(() => alerts.list());
      return out.ok ? respond(res, 200, out.value) : fail(res, out);
    }
    if (route.kind === "ack") {
      const out = await call(() => alerts.ack(route.id, by));
      return out.ok ? respond(res, 200, { alert_id: route.id, alert: out.value }) : fail(res, out);
    }
    if (route.kind === "silence") {
      const out = await call(() => alerts.unsilence(route.id, by));
      return out.ok ? respond(res, 200, { silence_id: route.id, silence: out.value }) : fail(res, out);
    }
    if (req.method === "GET") {
      const out = await call(() => alerts.list().silences);
      return out.ok ? respond(res, 200, { silences: out.value }) : fail(res, out);
    }
    const body = await readSilenceRequest(req, options.maxBodyBytes);
    if (!body.ok) return fail(res, body);
    const request = body.value;
    const out = await call(() =>
      alerts.silence({
        ...(request.rule !== undefined ? { rule: request.rule } : {}),
        ...(request.host !== undefined ? { host: request.host } : {}),
        durationMs: request.duration_ms,
        reason: request.reason,
        by,
      }),
    );
    if (!out.ok) return fail(res, out);
    options.logger.info({ principal: by, silence: out.value.silence_id }, "silence created over http");
    respond(res, 201, {
      silence_id: out.value.silence_id,
      expires_at: out.value.expires_at,
      silence: out.value,
    });
  };

  return (req, res) => {
    const route = matchRoute(pathOf(req.url));
    if (route === undefined) return false;
    handle(req, res, route).catch((err: unknown) => {
      options.logger.error({ err }, "http alert route failed");
      if (!res.headersSent) respond(res, 500, { error: "internal", message: "the server failed" });
      else res.destroy();
    });
    return true;
  };
}

type SilenceBody = { rule?: string; host?: string; duration_ms: number; reason: string };

/** The body of `POST /api/v1/silences`, checked with the same schema as the `silence` command. */
async function readSilenceRequest(
  req: IncomingMessage,
  limit: number,
): Promise<{ ok: true; value: SilenceBody } | AlertsFailure> {
  const bad = (code: AlertsFailure["code"], message: string, status = 400): AlertsFailure => ({
    ok: false,
    code,
    message,
    status,
  });
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
    return bad("invalid_message", "send the body as application/json", 415);
  }
  const body = await readBody(req, limit);
  if (body === "too_large") return bad("frame_too_big", `the body is larger than ${limit} bytes`, 413);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return bad("invalid_json", "the body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return bad("invalid_message", 'expected {"duration_ms": ..., "reason": ..., "rule"?: ..., "host"?: ...}');
  }
  const checked = silenceCommand.safeParse({ ...parsed, type: "silence" });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
    return bad("invalid_message", `${where}: ${issue?.message ?? "invalid"}`);
  }
  const { rule, host, duration_ms, reason } = checked.data;
  return {
    ok: true,
    value: {
      ...(rule !== undefined ? { rule } : {}),
      ...(host !== undefined ? { host } : {}),
      duration_ms,
      reason,
    },
  };
}
