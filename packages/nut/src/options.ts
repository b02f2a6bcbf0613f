/** Options and result types of the NUT client. */
import type { ConnectionOptions as TlsConnectOptions } from "node:tls";

export interface NutClientOptions {
  host: string;
  /** upsd's port. Default 3493. */
  port?: number;
  /** Sent as `USERNAME` on every connect. */
  username?: string;
  /** Sent as `PASSWORD` on every connect; never shown in errors. */
  password?: string;
  /** Default timeout of each command (and of connecting), in ms. Default 3000. */
  timeoutMs?: number;
  /** `STARTTLS` before anything else. A server that refuses it fails the connection. */
  tls?: NutTlsOptions;
  /** Backoff of reconnect attempts. Defaults 500 ms doubling up to 30 000 ms. */
  reconnect?: { minDelayMs?: number; maxDelayMs?: number };
  /** Longest reply line accepted, in bytes. Default 65 536. */
  maxLineBytes?: number;
}

/** TLS through `STARTTLS`: Node's TLS options (`ca`, `rejectUnauthorized`, `servername`…). */
export interface NutTlsOptions extends Omit<TlsConnectOptions, "socket" | "host" | "port"> {
  starttls: boolean;
}

export interface RequestOptions {
  /** This command's timeout in ms (default: the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Rejects the call when aborted; the reply is still read (and dropped) when it comes. */
  signal?: AbortSignal;
}

/** An entry of `LIST UPS`. */
export interface UpsEntry {
  name: string;
  /** upsd's `desc` for it (`"Unavailable"` when none is configured). */
  description: string;
}

/**
 * `idle`: not connected, nothing scheduled (before the first command); `connecting`; `ready`;
 * `waiting`: lost, the next attempt is scheduled; `closed`: `close()` was called.
 */
export type NutState = "idle" | "connecting" | "ready" | "waiting" | "closed";

export interface NutClientStats {
  state: NutState;
  /** Connections established (with handshake) so far. */
  connects: number;
  /** Connection failures in a row (drives the backoff); 0 once upsd answers. */
  failures: number;
  /** Commands that timed out. */
  timeouts: number;
  /** Lines that belonged to no command (unsolicited, or of an unknown shape inside a list). */
  ignoredLines: number;
}
