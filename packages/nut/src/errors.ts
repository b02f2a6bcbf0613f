/**
 * Errors of the NUT client. One class, {@link NutError}, whose `code` is either the word upsd sent
 * after `ERR` (`ACCESS-DENIED`, `DATA-STALE`, …: the server refused one command and the connection
 * is fine) or one of the client's own `WW_NUT_*` codes (the connection or the reply failed).
 * Codes are stable: callers switch on them; never rename one, only add.
 */

/** The `ERR` words of NUT's network protocol (docs/net-protocol.txt, RFC 9271 §4.3). */
export const NUT_SERVER_ERROR_CODES = {
  "ACCESS-DENIED": "The client's host or user/password is not allowed to do this",
  "UNKNOWN-UPS": "upsd knows no UPS of that name",
  "VAR-NOT-SUPPORTED": "The UPS does not have that variable",
  "CMD-NOT-SUPPORTED": "The UPS does not have that instant command",
  "INVALID-ARGUMENT": "The command's arguments are wrong or missing",
  "INSTCMD-FAILED": "upsd could not send the instant command to the driver",
  "SET-FAILED": "upsd could not send the new value to the driver",
  READONLY: "The variable is not writable",
  "TOO-LONG": "The value is longer than the variable allows",
  "FEATURE-NOT-SUPPORTED": "This upsd does not support the feature (e.g. STARTTLS without SSL)",
  "FEATURE-NOT-CONFIGURED": "The feature is supported but not set up (e.g. STARTTLS without CERTFILE)",
  "ALREADY-SSL-MODE": "STARTTLS was already done on this connection",
  "DRIVER-NOT-CONNECTED": "upsd has no connection to the UPS's driver",
  "DATA-STALE": "upsd has not heard from the UPS's driver lately (MAXAGE)",
  "ALREADY-LOGGED-IN": "LOGIN was already done on this connection",
  "INVALID-PASSWORD": "The password is malformed",
  "ALREADY-SET-PASSWORD": "PASSWORD was already sent on this connection",
  "INVALID-USERNAME": "The user name is malformed",
  "ALREADY-SET-USERNAME": "USERNAME was already sent on this connection",
  "USERNAME-REQUIRED": "The command needs USERNAME first",
  "PASSWORD-REQUIRED": "The command needs PASSWORD first",
  "UNKNOWN-COMMAND": "upsd does not know the command",
  "INVALID-VALUE": "The value is not valid for the variable",
} as const;

/** The client's own failures: nothing upsd said, but something about the connection or reply. */
export const NUT_CLIENT_ERROR_CODES = {
  WW_NUT_TIMEOUT: "No (complete) reply within the command's timeout; the connection was reset",
  WW_NUT_CLOSED: "The connection closed (or was reset) before the reply, or the client was closed",
  WW_NUT_CONNECT: "Could not connect (refused, unreachable, TLS failure); the client retries with backoff",
  WW_NUT_PROTOCOL: "The reply does not fit the command (wrong line, unterminated quote, line too long)",
  WW_NUT_ARGUMENT: "A command argument cannot be sent (empty, or contains a line break or NUL)",
} as const;

export type NutServerErrorCode = keyof typeof NUT_SERVER_ERROR_CODES;
export type NutClientErrorCode = keyof typeof NUT_CLIENT_ERROR_CODES;
/** Any `ERR` word (known or not) or a client code. */
export type NutErrorCode = NutServerErrorCode | NutClientErrorCode | (string & {});

export interface NutErrorDetails {
  /** The command line that failed, with any password masked. */
  command?: string;
  /** Words after the code in `ERR <CODE> <detail…>`, if upsd sent any. */
  detail?: string;
  cause?: unknown;
}

export class NutError extends Error {
  readonly code: NutErrorCode;
  readonly command: string | undefined;
  readonly detail: string | undefined;

  constructor(code: NutErrorCode, message: string, details: NutErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "NutError";
    this.code = code;
    this.command = details.command;
    this.detail = details.detail;
  }

  /** True when upsd answered `ERR …` (the connection is still good). */
  get fromServer(): boolean {
    return !this.code.startsWith("WW_NUT_");
  }
}

/** True for the two errors that mean "upsd has no fresh data for this UPS". */
export function isStaleError(err: unknown): err is NutError {
  return err instanceof NutError && (err.code === "DATA-STALE" || err.code === "DRIVER-NOT-CONNECTED");
}

/** The error for an `ERR <CODE> [detail]` reply line to `command`. */
export function serverError(line: string, command: string): NutError {
  const [, code = "", detail] = /^ERR\s+(\S*)\s*(.*)$/.exec(line) ?? [];
  const known = (NUT_SERVER_ERROR_CODES as Record<string, string>)[code];
  const text = known ? `${code} (${known.charAt(0).toLowerCase()}${known.slice(1)})` : code || "ERR";
  return new NutError(code || "ERR", `${command}: ${text}${detail ? `: ${detail}` : ""}`, {
    command,
    ...(detail ? { detail } : {}),
  });
}
