/**
 * One connection to upsd: a socket (plain, or upgraded with STARTTLS), the line reader, and the
 * FIFO of commands written and still waiting for their reply. upsd answers commands strictly in
 * order, so replies are matched to commands by position; a command that gets no reply in time,
 * or a reply that does not fit its command, leaves no way to tell which later line belongs to
 * which command — the connection is then reset and every other command in it fails.
 */
import type { Socket } from "node:net";
import { type TLSSocket, type ConnectionOptions as TlsConnectOptions, connect as tlsConnect } from "node:tls";
import { dial, servername } from "./dial.js";
import { NutError } from "./errors.js";
import { createLineReader, type LineReader } from "./line-reader.js";
import type { ReplyReader } from "./replies.js";

/** A command ready to send: its wire line, how it is shown in errors, and its reply reader. */
export interface CommandSpec<T> {
  line: string;
  /** The line as errors show it (a password is masked). */
  display: string;
  reader: ReplyReader<T>;
}

export interface ConnectionOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  maxLineBytes: number;
  /** Called once when the connection ends, with why (never for a clean `close()`). */
  onClosed(reason: NutError): void;
  /** Called for each line that belongs to no command (unsolicited, or unknown inside a list). */
  onIgnoredLine(line: string): void;
}

export interface Connection {
  /** Writes `spec.line` and resolves with its reply; see the module comment for failures. */
  send<T>(spec: CommandSpec<T>, timeoutMs: number, signal?: AbortSignal): Promise<T>;
  /** Upgrades the socket to TLS in place (after `STARTTLS` was answered `OK`). */
  upgradeTls(options: TlsConnectOptions, timeoutMs: number): Promise<void>;
  /** Fails every waiting command with `reason` and destroys the socket. */
  reset(reason: NutError): void;
  /** Writes `LOGOUT` (best effort), ends the socket and resolves once it closed. */
  close(): Promise<void>;
  readonly alive: boolean;
}

interface Pending {
  display: string;
  reader: ReplyReader<unknown>;
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Opens a TCP connection to upsd; rejects with `WW_NUT_CONNECT` when it cannot. */
export async function openConnection(options: ConnectionOptions): Promise<Connection> {
  const where = `${options.host}:${options.port}`;
  let socket: Socket | TLSSocket = await dial(options, where);
  const pending: Pending[] = [];
  let alive = true;
  let closing = false;
  let reader: LineReader;

  const fail = (reason: NutError, clean = false): void => {
    if (!alive) return;
    alive = false;
    reader.stop();
    for (const entry of pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(reason);
    }
    socket.destroy();
    if (!clean) options.onClosed(reason);
  };
  const closedError = (what: string, cause?: unknown): NutError =>
    new NutError("WW_NUT_CLOSED", `connection to upsd at ${where} ${what}`, { cause });

  const onLine = (line: string): void => {
    const head = pending[0];
    if (!head) {
      options.onIgnoredLine(line);
      return;
    }
    const step = head.reader(line);
    if (!step.done) {
      if (step.ignored) options.onIgnoredLine(line);
      return;
    }
    pending.shift();
    clearTimeout(head.timer);
    if ("error" in step) {
      head.reject(step.error);
      if (step.resync) fail(closedError(`reset: ${step.error.message}`, step.error));
    } else {
      head.resolve(step.value);
    }
  };

  const attach = (s: Socket | TLSSocket): void => {
    reader = createLineReader({
      maxLineBytes: options.maxLineBytes,
      onLine,
      onOverflow: () =>
        fail(
          new NutError(
            "WW_NUT_PROTOCOL",
            `upsd at ${where} sent a line longer than ${options.maxLineBytes} bytes`,
          ),
        ),
    });
    let lastError: Error | undefined;
    s.on("data", (chunk: Buffer) => reader.push(chunk));
    s.on("error", (err) => {
      lastError = err;
    });
    s.on("close", () => {
      if (s === socket) fail(closedError(closing ? "closed" : "closed by upsd", lastError), closing);
    });
  };
  attach(socket);

  const send = <T>(spec: CommandSpec<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> => {
    if (!alive) return Promise.reject(closedError("is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = () => settle(() => reject(signal?.reason));
      const settle = (fn: () => void) => {
        signal?.removeEventListener("abort", onAbort);
        if (settled) return;
        settled = true;
        fn();
      };
      // An aborted command keeps its place in the FIFO: its reply must still be read and dropped.
      signal?.addEventListener("abort", onAbort, { once: true });
      const entry: Pending = {
        display: spec.display,
        reader: spec.reader as ReplyReader<unknown>,
        timer: setTimeout(() => {
          const err = new NutError(
            "WW_NUT_TIMEOUT",
            `${spec.display}: no reply from upsd at ${where} within ${timeoutMs} ms`,
            { command: spec.display },
          );
          const index = pending.indexOf(entry);
          if (index >= 0) pending.splice(index, 1);
          entry.reject(err);
          fail(closedError(`reset after ${spec.display} timed out`, err));
        }, timeoutMs),
        resolve: (value) => settle(() => resolve(value as T)),
        reject: (err) => settle(() => reject(err)),
      };
      pending.push(entry);
      socket.write(`${spec.line}\n`);
    });
  };

  return {
    send,
    async upgradeTls(tlsOptions, timeoutMs) {
      const plain = socket as Socket;
      plain.removeAllListeners("data");
      plain.removeAllListeners("close");
      plain.removeAllListeners("error");
      reader.stop();
      const secure = tlsConnect({
        ...tlsOptions,
        socket: plain,
        // The name the certificate must carry (Node checks it against `host` when no servername).
        host: options.host,
        servername: tlsOptions.servername ?? servername(options.host),
      });
      socket = secure;
      attach(secure);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no TLS handshake within ${timeoutMs} ms`)), timeoutMs);
        const done = (err?: Error) => {
          clearTimeout(timer);
          secure.off("secureConnect", onSecure);
          secure.off("error", done);
          if (!err) return resolve();
          const nutErr = new NutError("WW_NUT_CONNECT", `TLS with upsd at ${where} failed: ${err.message}`, {
            cause: err,
          });
          fail(nutErr, true);
          reject(nutErr);
        };
        const onSecure = () => done();
        secure.once("secureConnect", onSecure);
        secure.once("error", done);
      });
    },
    reset: (reason) => fail(reason),
    close() {
      if (!alive) return Promise.resolve();
      closing = true;
      const s = socket;
      return new Promise<void>((resolve) => {
        s.once("close", () => resolve());
        const force = setTimeout(() => s.destroy(), 1_000);
        force.unref();
        s.end("LOGOUT\n");
      });
    },
    get alive() {
      return alive;
    },
  };
}
