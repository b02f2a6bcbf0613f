/** The stable codes of {@link GatewayError}. */
export type GatewayErrorCode =
  | "WW_GATEWAY_AUTH_UNCONFIGURED"
  | "WW_GATEWAY_OPTIONS_INVALID"
  | "WW_GATEWAY_TOKEN_FILE"
  | "WW_GATEWAY_DIALECT_CONFLICT";

/**
 * Errors thrown by @wirewatch/gateway at construction time. Every error carries a stable `code`
 * (CONTRIBUTING: `WW_*`); messages are for people. Runtime problems on a socket never throw:
 * they become error frames or close codes of the native protocol (architecture §4).
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GatewayError";
    this.code = code;
  }
}
