import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator } from "../auth/authenticator.js";
import { checkOrigin, type OriginPolicy } from "../auth/origin.js";
import type { Principal } from "../auth/principal.js";
import { respond } from "./http-json.js";

/**
 * The gateway's HTTP routes' gate, the same for every route: the Origin policy (403
 * `forbidden_origin`), then the token as `Authorization: Bearer` or `?token=` (401 `unauthorized`
 * with `WWW-Authenticate: Bearer`). Answers the refusal itself and resolves `undefined`; otherwise
 * resolves the request's principal.
 */
export async function authorizeHttp(
  req: IncomingMessage,
  res: ServerResponse,
  gate: { origin: OriginPolicy; authenticator: Authenticator },
): Promise<Principal | undefined> {
  const origin = checkOrigin(req, gate.origin);
  if (!origin.ok) {
    respond(res, 403, { error: "forbidden_origin", message: origin.reason });
    return undefined;
  }
  const auth = await gate.authenticator.authenticate(req, { subprotocol: false });
  if (!auth.ok) {
    res.setHeader("www-authenticate", 'Bearer realm="wirewatch"');
    respond(res, 401, { error: "unauthorized", message: auth.message });
    return undefined;
  }
  return auth.principal;
}
