/**
 * The NUT client: commands of NUT's network protocol over one connection to upsd, which it opens
 * on first use, authenticates, and re-opens with exponential backoff whenever it is lost.
 */
import { commands } from "./commands.js";
import { type CommandSpec, type Connection, openConnection } from "./connection.js";
import { NutError } from "./errors.js";
import type { NutClientOptions, NutClientStats, NutState, RequestOptions, UpsEntry } from "./options.js";
import { createReconnector } from "./reconnector.js";

export interface NutClient {
  /** `LIST UPS`: every UPS upsd serves, with its description. */
  listUps(options?: RequestOptions): Promise<UpsEntry[]>;
  /** `LIST VAR <ups>`: every variable of one UPS, name → value. */
  listVars(ups: string, options?: RequestOptions): Promise<Record<string, string>>;
  /** `LIST RW <ups>`: the writable variables and their values. */
  listRw(ups: string, options?: RequestOptions): Promise<Record<string, string>>;
  /** `LIST CMD <ups>`: the instant commands the UPS supports. */
  listCmd(ups: string, options?: RequestOptions): Promise<string[]>;
  /** `GET VAR <ups> <name>`: one variable's value. */
  getVar(ups: string, name: string, options?: RequestOptions): Promise<string>;
  /** `GET UPSDESC <ups>`: the `desc` of the UPS in upsd's ups.conf. */
  getUpsDescription(ups: string, options?: RequestOptions): Promise<string>;
  /**
   * `LOGIN <ups>` (as upsmon does; needs USERNAME/PASSWORD of a user with `upsmon` rights). The
   * login is repeated on every reconnect. Wrong credentials reject with `ACCESS-DENIED`.
   */
  login(ups: string, options?: RequestOptions): Promise<void>;
  /** Fails waiting commands with `WW_NUT_CLOSED`, sends `LOGOUT`, stops reconnecting. Idempotent. */
  close(): Promise<void>;
  state(): NutState;
  stats(): NutClientStats;
}

/**
 * Creates a client for one upsd. Nothing is opened until the first command.
 *
 * Contract:
 * - Commands are pipelined and answered in order; each has its own timeout (`timeoutMs`, or the
 *   command's `timeoutMs`). A timeout rejects that command with `WW_NUT_TIMEOUT` and resets the
 *   connection (the FIFO cannot be realigned), failing the others with `WW_NUT_CLOSED`.
 * - `ERR <CODE>` rejects that command with a {@link NutError} whose `code` is the word upsd sent;
 *   the connection stays up.
 * - On connect: STARTTLS (when `tls.starttls`; a refusal fails the connection — never a silent
 *   fallback to plain text), USERNAME, PASSWORD, then LOGIN for every UPS logged in before.
 *   A failure there (e.g. `ACCESS-DENIED`) fails the waiting commands with that error.
 * - After the connection is lost or an attempt fails, the client reconnects by itself after
 *   `minDelayMs`, doubling up to `maxDelayMs` per failure in a row; the streak resets after a
 *   command succeeds. While it waits, commands fail at once with `WW_NUT_CONNECT` (naming the
 *   last error and when the next attempt is) instead of queueing behind a dead server.
 * - The password never appears in errors (`PASSWORD ***`) and is not exposed by any method.
 */
export function createNutClient(options: NutClientOptions): NutClient {
  const where = `${options.host}:${options.port ?? 3493}`;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const logins = new Set<string>();
  const counters = { connects: 0, timeouts: 0, ignoredLines: 0 };
  let connection: Connection | null = null;
  let connecting: Promise<Connection> | null = null;
  let closed = false;

  const reconnector = createReconnector({
    minDelayMs: options.reconnect?.minDelayMs ?? 500,
    maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
    attempt: () => {
      void connect().catch(() => {});
    },
  });

  const handshake = async (conn: Connection): Promise<void> => {
    const send = <T>(spec: CommandSpec<T>) => conn.send(spec, timeoutMs);
    if (options.tls?.starttls) {
      await send(commands.starttls());
      const { starttls: _, ...tlsOptions } = options.tls;
      await conn.upgradeTls(tlsOptions, timeoutMs);
    }
    if (options.username !== undefined) await send(commands.username(options.username));
    if (options.password !== undefined) await send(commands.password(options.password));
    for (const ups of logins) await send(commands.login(ups));
  };

  const connect = (): Promise<Connection> => {
    if (connecting) return connecting;
    const attempt = (async () => {
      const conn = await openConnection({
        host: options.host,
        port: options.port ?? 3493,
        connectTimeoutMs: timeoutMs,
        maxLineBytes: options.maxLineBytes ?? 64 * 1024,
        onClosed: (reason) => {
          // Failures during the handshake are reported by the attempt itself.
          if (connection !== conn) return;
          connection = null;
          if (!closed) reconnector.failed(reason);
        },
        onIgnoredLine: () => {
          counters.ignoredLines += 1;
        },
      });
      try {
        await handshake(conn);
      } catch (err) {
        conn.reset(new NutError("WW_NUT_CLOSED", `handshake with upsd at ${where} failed`, { cause: err }));
        throw err;
      }
      if (closed) {
        await conn.close();
        throw closedError();
      }
      counters.connects += 1;
      connection = conn;
      reconnector.connected();
      return conn;
    })();
    connecting = attempt;
    attempt.then(
      () => {
        connecting = null;
      },
      (err) => {
        connecting = null;
        if (!closed) reconnector.failed(err);
      },
    );
    return attempt;
  };

  const closedError = () => new NutError("WW_NUT_CLOSED", `client for upsd at ${where} is closed`);

  const ready = async (): Promise<Connection> => {
    if (closed) throw closedError();
    if (connection?.alive) return connection;
    if (connecting) return connecting;
    const waiting = reconnector.waiting();
    if (waiting) {
      throw new NutError(
        "WW_NUT_CONNECT",
        `${waiting.lastError} (not connected; next attempt in ${waiting.inMs} ms)`,
        { cause: waiting.cause },
      );
    }
    return connect();
  };

  const request = async <T>(spec: CommandSpec<T>, requestOptions: RequestOptions = {}): Promise<T> => {
    const conn = await ready();
    try {
      const value = await conn.send(spec, requestOptions.timeoutMs ?? timeoutMs, requestOptions.signal);
      reconnector.healthy();
      return value;
    } catch (err) {
      if (err instanceof NutError && err.code === "WW_NUT_TIMEOUT") counters.timeouts += 1;
      else if (err instanceof NutError && err.fromServer) reconnector.healthy();
      throw err;
    }
  };

  const toRecord = (items: string[][]) =>
    Object.fromEntries(items.map(([name = "", value = ""]) => [name, value]));

  return {
    listUps: async (o) =>
      (await request(commands.listUps(), o)).map(([name = "", description = ""]) => ({ name, description })),
    listVars: async (ups, o) => toRecord(await request(commands.listVars(ups), o)),
    listRw: async (ups, o) => toRecord(await request(commands.listRw(ups), o)),
    listCmd: async (ups, o) => (await request(commands.listCmd(ups), o)).map(([name = ""]) => name),
    getVar: async (ups, name, o) => (await request(commands.getVar(ups, name), o))[0] ?? "",
    getUpsDescription: async (ups, o) => (await request(commands.getUpsDesc(ups), o))[0] ?? "",
    async login(ups, o) {
      await request(commands.login(ups), o);
      logins.add(ups);
    },
    async close() {
      if (closed) return;
      closed = true;
      reconnector.stop();
      const pendingConnect = connecting;
      if (pendingConnect)
        await pendingConnect.then(
          (c) => c.close(),
          () => {},
        );
      await connection?.close();
      connection = null;
    },
    state: thisState,
    stats: () => ({ state: thisState(), ...counters, failures: reconnector.streak() }),
  };

  function thisState(): NutState {
    if (closed) return "closed";
    if (connection?.alive) return "ready";
    if (connecting) return "connecting";
    return reconnector.waiting() ? "waiting" : "idle";
  }
}
