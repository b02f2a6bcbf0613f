/**
 * @wirewatch/runtime — what every wirewatch process needs around its components: a logger
 * that cannot leak secrets, the Prometheus registry, the health model, the admin HTTP routes
 * and graceful shutdown.
 */
export {
  ADMIN_PATHS,
  type AdminHandlerOptions,
  type AdminRequestHandler,
  createAdminRequestHandler,
  type MetricsSource,
} from "./admin-handler.js";
export {
  type AdminServer,
  type AdminServerOptions,
  createAdminServer,
  DEFAULT_ADMIN_PORT,
} from "./admin-server.js";
export { isRuntimeError, RuntimeError, type RuntimeErrorCode } from "./errors.js";
export {
  type ComponentStatus,
  createHealth,
  type Health,
  type HealthCheck,
  type HealthOptions,
  type HealthPhase,
  type ReadinessReport,
} from "./health.js";
export { createLogger, type Logger, type LoggerOptions } from "./logger.js";
export {
  createMetricsRegistry,
  type MetricsRegistry,
  type MetricsRegistryOptions,
} from "./metrics.js";
export type { Probe } from "./probe.js";
export { isSecretKey, REDACT_PATHS, REDACTED, redactSecrets, redactValue } from "./redact.js";
export {
  type CloseFn,
  createShutdown,
  SHUTDOWN_ORDER,
  type Shutdown,
  type ShutdownOptions,
} from "./shutdown.js";
