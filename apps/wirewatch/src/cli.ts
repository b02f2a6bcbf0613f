#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { registerConfigCommands } from "./commands/config.js";
import { registerStartCommand } from "./commands/start.js";
import { registerTailCommand } from "./commands/tail.js";
import { registerTokenCommands } from "./commands/token.js";
import { type Io, processIo } from "./io.js";

/** Builds the `wirewatch` command tree; tests call it with their own Io. */
export function buildProgram(io: Io = processIo): Command {
  const program = new Command("wirewatch")
    .description("real-time infrastructure monitoring over WebSocket")
    .version(process.env.npm_package_version ?? "0.1.0")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride((err) => {
      io.exit(err.exitCode);
      throw err;
    });
  registerStartCommand(program, io);
  registerTailCommand(program, io);
  registerConfigCommands(program, io);
  registerTokenCommands(program, io);
  return program;
}

const entry = process.argv[1];
const isMain = entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
if (isMain) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: { code?: string; exitCode?: number; message?: string }) => {
      if (typeof err.exitCode === "number") process.exit(err.exitCode);
      process.stderr.write(`wirewatch: ${err.message ?? String(err)}\n`);
      process.exit(1);
    });
}
