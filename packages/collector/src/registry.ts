import { type Clock, type Logger, silentLogger, systemClock } from "@wirewatch/protocol";
import type { z } from "zod";
import type { Collector } from "./collector.js";
import { CollectorError } from "./errors.js";
import { defaultHostName } from "./host-name.js";
import { lazyPoolRunner } from "./pool.js";
import type { ParseRunner } from "./task-tracker.js";

/** What an input gets when it is created. */
export interface InputContext {
  /** Default host of its events. */
  host: string;
  /** The parse pool (or the in-process runner in tests). */
  runner: ParseRunner;
  clock: Clock;
  logger: Logger;
}

/** A registered input kind: its config schema and how to build one from a validated config. */
export interface InputDefinition<C = unknown> {
  description: string;
  configSchema: z.ZodType<C>;
  create(config: C, ctx: InputContext): Collector;
}

/** Per-input configuration, keyed by input name (`{ host: { statsIntervalMs: 2000 } }`). */
export type InputsConfig = Record<string, unknown>;

export interface Registry {
  register<C>(name: string, definition: InputDefinition<C>): void;
  get(name: string): InputDefinition | undefined;
  names(): string[];
  /**
   * Validates every configured input against its schema — all problems at once, each with its
   * path (`inputs.host.statsIntervalMs: …`) — then creates the enabled ones. An entry whose
   * validated config has `enabled: false` is skipped; inputs not configured do not run.
   */
  createInputs(config: InputsConfig, ctx?: Partial<InputContext>): Collector[];
}

export function createRegistry(): Registry {
  const definitions = new Map<string, InputDefinition>();
  return {
    register(name, definition) {
      if (definitions.has(name)) {
        throw new CollectorError(
          "WW_COLLECTOR_DUPLICATE_INPUT",
          `an input named '${name}' is already registered`,
        );
      }
      definitions.set(name, definition as InputDefinition);
    },
    get: (name) => definitions.get(name),
    names: () => [...definitions.keys()].sort(),
    createInputs(config, partial = {}) {
      const ctx: InputContext = {
        host: partial.host ?? defaultHostName(),
        runner: partial.runner ?? lazyPoolRunner,
        clock: partial.clock ?? systemClock,
        logger: partial.logger ?? silentLogger,
      };
      const issues: { path: string; message: string }[] = [];
      const validated: { definition: InputDefinition; config: unknown }[] = [];
      for (const [name, raw] of Object.entries(config)) {
        const definition = definitions.get(name);
        if (!definition) {
          issues.push({
            path: `inputs.${name}`,
            message: `unknown input (known: ${[...definitions.keys()].join(", ")})`,
          });
          continue;
        }
        const parsed = definition.configSchema.safeParse(raw ?? {});
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            issues.push({
              path: ["inputs", name, ...issue.path.map(String)].join("."),
              message: issue.message,
            });
          }
          continue;
        }
        validated.push({ definition, config: parsed.data });
      }
      if (issues.length > 0) {
        const unknownOnly = issues.every((i) => i.message.startsWith("unknown input"));
        throw new CollectorError(
          unknownOnly ? "WW_COLLECTOR_UNKNOWN_INPUT" : "WW_COLLECTOR_CONFIG_INVALID",
          `invalid inputs configuration:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`,
          { issues },
        );
      }
      return validated
        .filter(({ config: c }) => (c as { enabled?: unknown }).enabled !== false)
        .map(({ definition, config: c }) => definition.create(c, ctx));
    },
  };
}

/** The process-wide registry; built-in inputs are registered by the package entry point. */
export const defaultRegistry: Registry = createRegistry();

export function registerInput<C>(name: string, definition: InputDefinition<C>): void {
  defaultRegistry.register(name, definition);
}

export function createInputs(config: InputsConfig, ctx?: Partial<InputContext>): Collector[] {
  return defaultRegistry.createInputs(config, ctx);
}
