/**
 * @wirewatch/gateway — the WebSocket server of architecture §4-§7: auth, subscriptions, fan-out,
 * dialects, heartbeat, limits and backpressure. See README.md.
 *
 * @packageDocumentation
 */

export type { GatewayAlerts } from "./alerts-port.js";
export { type AuthDecision, type Authenticator, createAuthenticator } from "./auth/authenticator.js";
export {
  type ExtractedToken,
  extractToken,
  SUBPROTOCOL_TOKEN_PREFIX,
  selectSubprotocol,
} from "./auth/extract-token.js";
export { createJwtVerifier, type JwtOptions, type JwtResult } from "./auth/jwt.js";
export { checkOrigin, type OriginDecision, type OriginPolicy } from "./auth/origin.js";
export {
  type AuthOptions,
  DEFAULT_TOKEN_FILE,
  GENERATED_TOKEN_NAME,
  needsGeneratedToken,
  prepareAuth,
} from "./auth/prepare-auth.js";
export { ANONYMOUS, type Permission, type Principal } from "./auth/principal.js";
export { createStaticTokenVerifier, type StaticToken } from "./auth/static-tokens.js";
export {
  expandHome,
  GENERATED_TOKEN_BYTES,
  loadOrCreateToken,
  type TokenFileResult,
} from "./auth/token-file.js";
export type { GatewayBus } from "./bus-port.js";
export { CLIENTS_CHANNEL, type ClientInfo } from "./clients-channel.js";
export { createGateway, type Gateway, type GatewayStats } from "./create-gateway.js";
export type { DecodedCommand, Dialect, DialectFramer, DialectSession, WireEvent } from "./dialect.js";
export { maskCredentials } from "./dialects/mask-credentials.js";
export { createMonServDialect, MONSERV_PATH, type MonServDialectOptions } from "./dialects/monserv.js";
export { createNativeDialect, NATIVE_PATH, NATIVE_SUBPROTOCOL } from "./dialects/native.js";
export { createNzbFlowDialect, NZBFLOW_PATH } from "./dialects/nzbflow.js";
export {
  createTvheadendDialect,
  TVHEADEND_PATH,
  TVHEADEND_SUBPROTOCOL,
  type TvheadendDialectOptions,
} from "./dialects/tvheadend.js";
export { GatewayError, type GatewayErrorCode } from "./errors.js";
export { ALERTS_PATH, SILENCES_PATH } from "./http/http-alerts.js";
export { PUBLISH_PATH } from "./http/http-publish.js";
export {
  DEFAULT_GATEWAY_PORT,
  type ListeningGateway,
  type ListenOptions,
  listenGateway,
  type RequestHandler,
} from "./http/listen.js";
export { DEFAULTS, type GatewayLimits, type GatewayOptions } from "./options.js";
