/**
 * `wirewatch config check FILE`: validates a config file and reports instead of throwing. Only
 * the file is checked unless an environment is passed (then env overrides are applied too).
 */
import { type LoadConfigOptions, loadConfig } from "./load.js";
import { type ConfigProblem, type ConfigWarning, isConfigError } from "./problems.js";

export interface CheckResult {
  ok: boolean;
  problems: ConfigProblem[];
  warnings: ConfigWarning[];
}

export type CheckOptions = Pick<LoadConfigOptions, "env" | "cwd" | "defaults">;

export function checkConfigFile(path: string, options: CheckOptions = {}): CheckResult {
  try {
    const { warnings } = loadConfig({ ...options, file: path, env: options.env ?? {} });
    return { ok: true, problems: [], warnings };
  } catch (error) {
    if (!isConfigError(error)) throw error;
    return { ok: false, problems: error.problems, warnings: error.warnings };
  }
}
