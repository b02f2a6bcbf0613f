import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { waitFor } from "@wirewatch/testkit";

/**
 * A scripted NUT server on a loopback port: a real TCP listener whose replies come from the
 * test's script, written in pieces cut at chosen byte positions (mid-line, mid-escape, mid-UTF-8
 * character) so the client meets the same split reads a real network produces.
 */

/** What the script answers one command line with. */
export type ScriptReply =
  /** Lines to send (each ending in \n); cut into pieces by the server's `cuts`. */
  | string
  /** Say nothing (the client's timeout must fire). */
  | { silent: true }
  /** Close the connection without answering. */
  | { close: true }
  /** Answer `OK STARTTLS` and continue over TLS with the test certificate. */
  | { starttls: true };

export type Script = (line: string, connection: ScriptedConnection) => ScriptReply;

export interface ScriptedConnection {
  /** 1 for the first connection accepted, 2 for the next… */
  readonly index: number;
  /** Every command line received, in order. */
  readonly received: string[];
  /** True once upgraded by STARTTLS. */
  tls: boolean;
  /** Writes raw bytes, unsolicited (e.g. a stray line). */
  write(text: string): void;
  destroy(): void;
}

export interface ScriptedServer {
  readonly port: number;
  readonly connections: ScriptedConnection[];
  /** Waits until connection number `index` (1-based) was accepted. */
  connection(index: number): Promise<ScriptedConnection>;
  /** Every command received on every connection. */
  allReceived(): string[];
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  /**
   * Where replies are cut: a function from the reply's byte length to the cut offsets. Default:
   * every 7 bytes, so most lines arrive in several reads.
   */
  cuts?: (length: number) => number[];
  /** Pause between pieces, in ms (lets each piece arrive as its own read). Default 1. */
  pieceDelayMs?: number;
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
export const TEST_CERT = fixture("test-server.cert.pem");
const TEST_KEY = fixture("test-server.key.pem");

export const everyNBytes =
  (n: number) =>
  (length: number): number[] =>
    Array.from({ length: Math.floor((length - 1) / n) }, (_, i) => (i + 1) * n);

export async function startScriptedServer(
  script: Script,
  options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const cuts = options.cuts ?? everyNBytes(7);
  const pieceDelayMs = options.pieceDelayMs ?? 1;
  const connections: ScriptedConnection[] = [];
  const sockets = new Set<Socket>();

  const serve = (raw: Socket): void => {
    sockets.add(raw);
    raw.setNoDelay(true);
    raw.on("close", () => sockets.delete(raw));
    raw.on("error", () => {});
    let socket: Socket = raw;
    let buffer = "";
    let writing: Promise<void> = Promise.resolve();
    const connection: ScriptedConnection = {
      index: connections.length + 1,
      received: [],
      tls: false,
      write: (text) => {
        socket.write(text);
      },
      destroy: () => raw.destroy(),
    };
    connections.push(connection);

    const sendInPieces = async (text: string): Promise<void> => {
      const bytes = Buffer.from(text, "utf8");
      let start = 0;
      for (const cut of [...cuts(bytes.length), bytes.length]) {
        if (cut <= start || cut > bytes.length) continue;
        if (socket.destroyed) return;
        socket.write(bytes.subarray(start, cut));
        start = cut;
        await new Promise((resolve) => setTimeout(resolve, pieceDelayMs));
      }
    };

    const onLine = (line: string): void => {
      connection.received.push(line);
      const reply = script(line, connection);
      writing = writing.then(async () => {
        if (typeof reply === "string") return sendInPieces(reply);
        if ("close" in reply) {
          socket.destroy();
          return;
        }
        if ("starttls" in reply) {
          // One write and the switch in the same tick: the ClientHello must not reach onData.
          socket.write("OK STARTTLS\n");
          upgrade();
        }
      });
    };

    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString("utf8");
      for (let lf = buffer.indexOf("\n"); lf >= 0; lf = buffer.indexOf("\n")) {
        const line = buffer.slice(0, lf).replace(/\r$/, "");
        buffer = buffer.slice(lf + 1);
        onLine(line);
      }
    };

    const upgrade = (): void => {
      raw.off("data", onData);
      const secure = new TLSSocket(raw, { isServer: true, cert: TEST_CERT, key: TEST_KEY });
      secure.on("error", () => {});
      secure.on("data", onData);
      socket = secure;
      connection.tls = true;
    };

    raw.on("data", onData);
  };

  const server: Server = createServer(serve);
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");

  return {
    port: address.port,
    connections,
    connection: (index) =>
      waitFor(() => connections[index - 1], { timeoutMs: 10_000, description: `connection #${index}` }),
    allReceived: () => connections.flatMap((c) => c.received),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A small upsd: one or more UPSes with fixed variables, users, and the commands a client needs. */
export function upsdScript(
  upses: Record<string, Record<string, string>>,
  users: Record<string, string> = {},
): Script {
  const quote = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;
  const sessions = new WeakMap<ScriptedConnection, { user?: string; password?: string }>();
  return (line, connection) => {
    const session = sessions.get(connection) ?? {};
    sessions.set(connection, session);
    const [command, ...args] = line.split(" ");
    const joined = `${command} ${args[0] ?? ""}`.trim();
    const ups = joined.startsWith("LIST") || joined.startsWith("GET") ? args[1] : args[0];
    if (line === "LIST UPS") {
      const items = Object.keys(upses).map((name) => `UPS ${name} ${quote(`Test UPS ${name}`)}\n`);
      return `BEGIN LIST UPS\n${items.join("")}END LIST UPS\n`;
    }
    if (command === "USERNAME") {
      session.user = args[0];
      return "OK\n";
    }
    if (command === "PASSWORD") {
      session.password = args.join(" ");
      return "OK\n";
    }
    if (command === "LOGOUT") return "OK Goodbye\n";
    if (ups !== undefined && !(ups in upses)) return "ERR UNKNOWN-UPS\n";
    const vars = upses[ups ?? ""] ?? {};
    if (joined === "LIST VAR") {
      const items = Object.entries(vars).map(([k, v]) => `VAR ${ups} ${k} ${quote(v)}\n`);
      return `BEGIN LIST VAR ${ups}\n${items.join("")}END LIST VAR ${ups}\n`;
    }
    if (joined === "GET VAR") {
      const name = args[2] ?? "";
      return name in vars ? `VAR ${ups} ${name} ${quote(vars[name] ?? "")}\n` : "ERR VAR-NOT-SUPPORTED\n";
    }
    if (command === "LOGIN") {
      if (!session.user || !session.password) return "ERR USERNAME-REQUIRED\n";
      return users[session.user] === session.password ? "OK\n" : "ERR ACCESS-DENIED\n";
    }
    return "ERR UNKNOWN-COMMAND\n";
  };
}
