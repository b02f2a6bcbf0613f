import { parseArgs } from "node:util";
import {
  formatProblems,
  formatWarnings,
  isConfigError,
  loadConfig,
  type WirewatchConfig,
} from "@wirewatch/config";
import { redactSecrets } from "@wirewatch/runtime";
import type { StartedApp } from "./started-app.js";

/** A scaled-out app as its main sees it. */
export interface AppMain {
  /** Command name in messages, e.g. `wirewatch-gateway`. */
  name: string;
  /** One line for `--help`. */
  description: string;
  start(config: WirewatchConfig): Promise<StartedApp>;
}

/** Where a main writes and how it ends; injected by tests. */
export interface MainIo {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

const processIo: MainIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  exit: (code) => process.exit(code),
};

/**
 * The whole main of a scaled-out app: `[--config FILE]` (else `WIREWATCH_CONFIG`), every option
 * also from `WIREWATCH_*`; config problems — including the scaled-out ones (no Redis URL, no
 * credentials) — are printed one per line with their path, exit 1. Then the app runs until
 * SIGTERM/SIGINT. An unhandled rejection or uncaught exception is logged (secrets redacted,
 * code `WW_UNHANDLED`) and ends the process with 1, as Node would.
 */
export async function runAppMain(app: AppMain, argv = process.argv.slice(2), io = processIo): Promise<void> {
  let file: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: "string", short: "c" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.out(
        `${app.name}: ${app.description}\nusage: ${app.name} [--config FILE]  (options: WIREWATCH_* variables)`,
      );
      io.exit(0);
      return;
    }
    file = values.config;
  } catch (error) {
    io.err(`${app.name}: ${(error as Error).message}`);
    io.exit(2);
    return;
  }

  let started: StartedApp | undefined;
  const fatal = (kind: string) => (error: unknown) => {
    const message = redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (started) started.logger.fatal({ code: "WW_UNHANDLED", kind, err: message }, `${kind}; exiting`);
    else io.err(`${app.name}: ${kind}: ${message}`);
    io.exit(1);
  };
  process.on("unhandledRejection", fatal("unhandled rejection"));
  process.on("uncaughtException", fatal("uncaught exception"));

  try {
    const { config, warnings } = loadConfig(file === undefined ? {} : { file });
    if (warnings.length > 0) io.err(`${app.name}: config warnings:\n${formatWarnings(warnings)}`);
    started = await app.start(config);
  } catch (error) {
    if (isConfigError(error)) {
      io.err(`${app.name}: invalid configuration:\n${formatProblems(error.problems)}`);
    } else {
      const text = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown }).code;
      io.err(
        `${app.name}: could not start${typeof code === "string" ? ` (${code})` : ""}: ${redactSecrets(text)}`,
      );
    }
    io.exit(1);
  }
}
