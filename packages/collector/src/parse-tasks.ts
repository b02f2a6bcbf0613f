import { CollectorError, type SerializedError, serializeError } from "./errors.js";
import type { InputModule, ParseTable } from "./input-module.js";
import { BUILTIN_INPUTS, type BuiltinInput } from "./inputs/list.js";

/** The parse table an input's entry loads, if it has one. */
type TasksOf<I> = I extends { parseTasks: () => Promise<infer T> } ? T : never;
/** A union of tables as one table with every table's tasks. */
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** The type of {@link PARSE_TASKS}: the tasks of every input of the list. */
type Tasks = Intersection<TasksOf<BuiltinInput>>;

/** Merges the inputs' parse tasks into one table; a name two inputs use is a programming error. */
async function composeParseTasks(): Promise<Tasks> {
  const table: Record<string, ParseTable[string]> = {};
  const inputs: readonly InputModule[] = BUILTIN_INPUTS;
  for (const input of inputs) {
    for (const [name, task] of Object.entries((await input.parseTasks?.()) ?? {})) {
      if (Object.hasOwn(table, name)) throw new Error(`parse task '${name}' of input ${input.name} is taken`);
      table[name] = task;
    }
  }
  return table as Tasks;
}

/**
 * Every task the parse pool can run, by name: pure functions from file contents to parsed
 * samples, gathered from each input's `parse-tasks.ts` through the list of inputs. The worker
 * dispatches on this table; so does the in-process runner, so both paths run the same code.
 * Inputs and outputs must survive structured cloning (plain data only). Loading it loads the
 * parsers, never an input's other code.
 */
export const PARSE_TASKS: Tasks = await composeParseTasks();

export type ParseTaskName = keyof Tasks;
export type TaskInput<N extends ParseTaskName> = Parameters<Tasks[N]>[0];
export type TaskOutput<N extends ParseTaskName> = ReturnType<Tasks[N]>;

/** A task's result as it crosses the worker boundary: errors as plain data keep their code. */
export type TaskOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** Runs a task by name; never throws (unknown names and parse failures become error outcomes). */
export function runParseTask(name: string, input: unknown): TaskOutcome {
  try {
    if (!Object.hasOwn(PARSE_TASKS, name)) {
      throw new CollectorError("WW_COLLECTOR_UNKNOWN_TASK", `no parse task named '${name}'`);
    }
    const task = PARSE_TASKS[name as ParseTaskName] as (input: unknown) => unknown;
    return { ok: true, value: task(input) };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}
