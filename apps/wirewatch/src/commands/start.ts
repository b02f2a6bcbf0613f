import { startEmbedded } from "@wirewatch/assembly";
import { ConfigError, formatProblems, formatWarnings, loadConfig } from "@wirewatch/config";
import type { Command } from "commander";
import type { Io } from "../io.js";
import { startBanner } from "../start-banner.js";

interface StartOptions {
  config?: string;
  port?: string;
  host?: string;
  redisUrl?: string;
  auth?: boolean;
}

/**
 * `wirewatch start`: the one-process product (architecture §1 "Embedded default"). Reads the config
 * (defaults < file < env < these flags), prints every config problem with its path and exits 1
 * when there is one, otherwise runs `startEmbedded` (packages/assembly) until SIGINT/SIGTERM and
 * prints the banner once it listens.
 */
export function registerStartCommand(program: Command, io: Io): void {
  program
    .command("start")
    .description("run the host collector, the WebSocket gateway and the admin endpoints in one process")
    .option("-c, --config <file>", "YAML config file (default: $WIREWATCH_CONFIG)")
    .option("-p, --port <port>", "gateway port (default 34600)")
    .option("--host <address>", "address to listen on (default 0.0.0.0)")
    .option("--redis-url <url>", "use Redis pub/sub instead of the in-memory bus")
    .option("--no-auth", "turn authentication off (same as WIREWATCH_AUTH=none)")
    .action(async (opts: StartOptions) => {
      const flags: Record<string, unknown> = {};
      if (opts.port !== undefined) flags["gateway.port"] = opts.port;
      if (opts.host !== undefined) flags["gateway.host"] = opts.host;
      if (opts.redisUrl !== undefined) flags["bus.redis.url"] = opts.redisUrl;
      if (opts.auth === false) flags["auth.mode"] = "none";
      let loaded: ReturnType<typeof loadConfig>;
      try {
        loaded = loadConfig({ ...(opts.config ? { file: opts.config } : {}), flags });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        io.err(`wirewatch: invalid configuration:\n${formatProblems(err.problems)}`);
        if (err.warnings.length > 0) io.err(`warnings:\n${formatWarnings(err.warnings)}`);
        io.exit(1);
        return;
      }
      if (loaded.warnings.length > 0)
        io.err(`wirewatch: config warnings:\n${formatWarnings(loaded.warnings)}`);
      const { config } = loaded;
      await startEmbedded(config, {
        announce: (app) => io.out(startBanner(config, app, io.outIsTerminal === true)),
      });
    });
}
