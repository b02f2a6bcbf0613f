export type {
  Bus,
  BusBaseOptions,
  BusHandler,
  BusLogger,
  HistoryResult,
  ResumePoint,
  Unsubscribe,
} from "./bus.js";
export { BusError, type BusErrorCode, isBusError } from "./bus-error.js";
export { type CreateBusOptions, createBus } from "./create-bus.js";
export { silentLogger, stderrLogger } from "./logger.js";
export { createMemoryBroker, type MemoryBroker, type MemoryBrokerOptions } from "./memory-broker.js";
export { createMemoryBus, type MemoryBusOptions } from "./memory-bus.js";
export { createRedisBus, type RedisBusOptions } from "./redis-bus.js";
export { channelKeys, DEFAULT_KEY_PREFIX } from "./redis-keys.js";
export { waitForReady } from "./wait-ready.js";
