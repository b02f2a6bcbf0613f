/**
 * Loads the configuration: defaults < YAML file < environment < flags, then validates the result
 * as a whole. Either returns the config with warnings, or throws one `ConfigError` listing every
 * problem found in every layer.
 */
import { type RuntimeDefaults, runtimeDefaults } from "./defaults.js";
import { CONFIG_PATH_VAR, type OverrideSet, readEnv } from "./env.js";
import { type ConfigFile, readConfigFile } from "./file.js";
import { type ConfigFlags, readFlags } from "./flags.js";
import { resolvePath } from "./home.js";
import { formatPath, getPath, mergeDeep, parsePath, setPath } from "./paths.js";
import { ConfigError, type ConfigProblem, type ConfigWarning } from "./problems.js";
import type { WirewatchConfig } from "./schema/index.js";
import { validate } from "./validate.js";

export interface LoadConfigOptions {
  /** YAML file to read; default `env.WIREWATCH_CONFIG`; none when neither is set. */
  file?: string;
  /** Environment to read `WIREWATCH_*` from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line overrides by dotted path, e.g. `{ "gateway.port": "1234" }`. */
  flags?: ConfigFlags;
  /** Directory relative file paths are resolved against; default `process.cwd()`. */
  cwd?: string;
  /** Load-time defaults (the host name), for tests. */
  defaults?: RuntimeDefaults;
}

export interface LoadedConfig {
  config: WirewatchConfig;
  warnings: ConfigWarning[];
  /** Absolute path of the file that was read, if any. */
  file?: string;
}

/** Loads and validates the configuration; throws `ConfigError` (WW_CONFIG_INVALID) on problems. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: ConfigProblem[] = [];
  const warnings: ConfigWarning[] = [];
  const sources = new Map<string, string>();
  let tree: Record<string, unknown> = runtimeDefaults(options.defaults);
  sources.set("collector.hostname", "default");

  let file: ConfigFile | undefined;
  const filePath = options.file ?? (env[CONFIG_PATH_VAR] || undefined);
  if (filePath !== undefined) {
    const read = readConfigFile(resolvePath(filePath, cwd));
    if (read.ok) {
      file = read.file;
      for (const key of [...sources.keys()]) {
        if (getPath(file.data, parsePath(key)) !== undefined) sources.delete(key);
      }
      tree = mergeDeep(tree, file.data) as Record<string, unknown>;
    } else problems.push(...read.problems);
  }

  for (const layer of [readEnv(env, cwd), readFlags(options.flags ?? {})]) {
    apply(tree, layer, sources);
    problems.push(...layer.problems);
    warnings.push(...layer.warnings);
  }

  const sourceOf = (path: readonly PropertyKey[]): string | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const source = sources.get(formatPath(path.slice(0, length)));
      if (source !== undefined) return source;
    }
    return file?.locate(path);
  };
  const result = validate(tree, sourceOf);
  warnings.push(...result.warnings);
  if (!result.ok) problems.push(...result.problems);
  if (problems.length > 0 || !result.ok) throw new ConfigError(problems, warnings);
  const loaded: LoadedConfig = { config: result.config, warnings };
  if (file) loaded.file = file.path;
  return loaded;
}

function apply(tree: Record<string, unknown>, layer: OverrideSet, sources: Map<string, string>): void {
  for (const override of layer.overrides) {
    const key = formatPath(override.path);
    forget(sources, key);
    sources.set(key, override.source);
    setPath(tree, override.path, override.value);
  }
}

/** Drops the recorded origins of `key` and everything below it: a new layer replaced them. */
function forget(sources: Map<string, string>, key: string): void {
  for (const known of [...sources.keys()]) {
    if (known === key || known.startsWith(`${key}.`) || known.startsWith(`${key}[`)) sources.delete(known);
  }
}
