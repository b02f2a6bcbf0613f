/**
 * @wirewatch/collector — inputs, their registry and scheduler, and the process-wide parse pool.
 * See README.md for the public API and how to write an input.
 */
import { registerBuiltinInputs } from "./inputs/builtin.js";
import { defaultRegistry } from "./registry.js";

registerBuiltinInputs(defaultRegistry);

/** The inputs' payload types, defined in @wirewatch/protocol with the channels they go on. */
export {
  type HostProcesses,
  type HostStats,
  type HostStorage,
  type MdArray,
  type MdMember,
  type MdSync,
  type ProcessEntry,
  RAID_STEPS,
  type RaidJobEvent,
  type RaidProgress,
  type RaidStep,
  type RaidTaskFinished,
  type UpsStatusPayload,
} from "@wirewatch/protocol";
export type { Accumulator, Collector, EmitOptions, GatherTask, Publisher } from "./collector.js";
export {
  COLLECTOR_ERROR_CODES,
  CollectorError,
  type CollectorErrorCode,
} from "./errors.js";
export { defaultHostName } from "./host-name.js";
export { createInlineRunner } from "./inline-runner.js";
export { registerBuiltinInputs } from "./inputs/builtin.js";
export {
  type BuiltinInputsConfig,
  type BuiltinInputsConfigInput,
  inputsConfigSchema,
} from "./inputs/config-schemas.js";
export type { ParseTaskName, TaskInput, TaskOutput } from "./parse-tasks.js";
export {
  closePool,
  createParsePool,
  DEFAULT_INLINE_MAX_BYTES,
  defaultWorkerUrl,
  getPool,
  lazyPoolRunner,
  type PoolOptions,
} from "./pool.js";
export {
  createPoolStatusReporter,
  type PoolStatusOptions,
  type QueueUpdate,
  toQueueUpdate,
} from "./pool-status.js";
export type { PublishStats } from "./publish-sink.js";
export {
  createInputs,
  createRegistry,
  defaultRegistry,
  type InputContext,
  type InputDefinition,
  type InputsConfig,
  type Registry,
  registerInput,
} from "./registry.js";
export { createScheduler, gatherTasksOf, type Scheduler, type SchedulerOptions } from "./scheduler.js";
export type { TaskStatus } from "./task-health.js";
export type { ParsePool, ParseRunner, PoolSnapshot, RunTaskOptions, TrackedTask } from "./task-tracker.js";
