import {
  checkConfigFile,
  formatProblems,
  formatWarnings,
  renderDefaultsYaml,
  renderJsonSchema,
} from "@wirewatch/config";
import type { Command } from "commander";
import type { Io } from "../io.js";

/** `wirewatch config defaults|schema|check FILE`: thin wrappers over @wirewatch/config. */
export function registerConfigCommands(program: Command, io: Io): void {
  const config = program
    .command("config")
    .description("print the defaults or the JSON Schema, or check a file");
  config
    .command("defaults")
    .description("print every option with its default and description, as commented YAML")
    .action(() => io.out(renderDefaultsYaml()));
  config
    .command("schema")
    .description("print the JSON Schema of the configuration file")
    .action(() => io.out(renderJsonSchema()));
  config
    .command("check")
    .argument("[file]", "YAML file to check (default: $WIREWATCH_CONFIG)")
    .option("--env", "also apply WIREWATCH_* environment variables, as `start` would")
    .description("validate a configuration file; prints every problem with its path and exits 1 if any")
    .action((file: string | undefined, opts: { env?: boolean }) => {
      const path = file ?? process.env.WIREWATCH_CONFIG;
      if (!path) {
        io.err("config check: no file given and WIREWATCH_CONFIG is not set");
        io.exit(2);
        return;
      }
      const result = checkConfigFile(path, opts.env ? { env: process.env } : {});
      if (result.warnings.length > 0) io.err(`warnings:\n${formatWarnings(result.warnings)}`);
      if (!result.ok) {
        io.err(`${path}: ${result.problems.length} problem(s):\n${formatProblems(result.problems)}`);
        io.exit(1);
        return;
      }
      io.out(`${path}: ok`);
    });
}
