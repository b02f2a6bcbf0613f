import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { type RunningService, spawnService } from "./spawn-service.js";

const HOST = "127.0.0.1";
const INSTALL_HINT = "install Debian's redis-server (apt-get install redis-server)";

/** Options for {@link startRedis}. */
export interface StartRedisOptions {
  /** Loopback port; default a free one chosen by the OS. */
  port?: number;
  /** The server binary (default `redis-server` on PATH). */
  binary?: string;
  /** Extra `--name value` arguments appended to the command line. */
  args?: readonly string[];
  readyTimeoutMs?: number;
}

/** A redis-server owned by one test: loopback only, no persistence, its own temp dir. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  running(): boolean;
  /** Runs `redis-cli -h HOST -p PORT ...args` and returns its trimmed stdout. */
  cli(args: readonly string[]): Promise<string>;
  /** Stops the server (SIGTERM, or SIGKILL to simulate a crash) and waits until it exited. */
  stop(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Starts it again on the same port, with no data (a restart without persistence). */
  start(): Promise<void>;
  /**
   * Freezes the server with SIGSTOP: its sockets stay open and the kernel still accepts bytes for
   * it, but nothing is answered or delivered until {@link RedisServer.thaw} (a hung Redis).
   */
  freeze(): void;
  /** Resumes a frozen server (SIGCONT); it then works through everything sent meanwhile. */
  thaw(): void;
  /** `stop()` then `start()`. */
  restart(): Promise<void>;
}

/** Sends PING over a raw socket; true when the server answers +PONG (not -LOADING). */
export function pingRedis(port: number, host = HOST, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

/** Runs redis-cli against a server and resolves with its trimmed stdout. */
export function redisCli(port: number, args: readonly string[], host = HOST): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "redis-cli",
      ["-h", host, "-p", String(port), ...args],
      { timeout: 10_000 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const hint = code === "ENOENT" ? `redis-cli not found on PATH: ${INSTALL_HINT}` : stderr.trim();
          reject(new Error(`redis-cli ${args.join(" ")} failed: ${hint || error.message}`, { cause: error }));
          return;
        }
        resolve(stdout.trim());
      },
    );
  });
}

/**
 * Starts a private `redis-server` on a loopback port and waits until it answers PING.
 *
 * Contract: never touches a Redis it did not start; binds 127.0.0.1 only; `--save "" --appendonly no`
 * so a restart loses every key (the tests rely on that); the working directory is a fresh temp dir
 * removed on stop. When no port was asked for and the chosen one is taken meanwhile, it retries
 * with another. A missing binary fails with "install Debian's redis-server".
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  let port = options.port ?? (await freePort(HOST));
  let service: RunningService | undefined;
  let dir: string | undefined;

  const launch = async () => {
    dir = await mkdtemp(join(tmpdir(), "wirewatch-redis-"));
    try {
      service = await spawnService({
        name: "redis-server",
        command: options.binary ?? "redis-server",
        args: [
          ...["--port", String(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
          ...["--dir", dir, "--daemonize", "no", "--logfile", "", "--protected-mode", "yes"],
          ...(options.args ?? []),
        ],
        installHint: INSTALL_HINT,
        isReady: () => pingRedis(port),
        readyTimeoutMs: options.readyTimeoutMs,
      });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  };

  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      const inUse = error instanceof Error && /address already in use/i.test(error.message);
      if (!inUse || options.port !== undefined || attempt >= 5) throw error;
      port = await freePort(HOST);
    }
  }

  let frozen = false;
  const signal = (name: NodeJS.Signals) => {
    if (service && !service.exited()) process.kill(service.pid, name);
  };
  const thaw = () => {
    if (frozen) signal("SIGCONT");
    frozen = false;
  };
  const stop = async (stopOptions: { signal?: NodeJS.Signals } = {}) => {
    thaw(); // a stopped process would not act on SIGTERM
    const current = service;
    service = undefined;
    if (current) await current.stop(stopOptions);
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  };
  const start = async () => {
    if (service && !service.exited()) return;
    await launch();
  };

  return {
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    running: () => service !== undefined && !service.exited(),
    cli: (args) => redisCli(port, args),
    stop,
    start,
    freeze: () => {
      signal("SIGSTOP");
      frozen = true;
    },
    thaw,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
