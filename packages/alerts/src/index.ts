/**
 * @wirewatch/alerts — rules on any numeric field of any channel, evaluated where samples
 * originate, with for-durations, hysteresis, cooldown, re-notify, acknowledgements, silences and
 * state that survives restarts. See README.md.
 */
export {
  type AlertState,
  alertId,
  isQuiescent,
  newAlertState,
  type Phase,
  sameVisible,
  type Visible,
  visibleOf,
} from "./alert-state.js";
export { DEFAULT_ALERT_CHANNEL, DEFAULT_SOURCE_INPUTS, inputCovers } from "./channel-defaults.js";
export { type CompiledRule, compileRule } from "./compile-rule.js";
export {
  type AlertsConfig,
  type AlertsConfigInput,
  alertsConfigSchema,
} from "./config-schema.js";
export { CPU_SENSOR_CHIPS, DEFAULT_RULES, DISK_SENSOR_CHIPS } from "./defaults.js";
export { type AlertEngine, type AlertEngineOptions, createAlertEngine } from "./engine.js";
export {
  ALERTS_ERROR_CODES,
  AlertsError,
  type AlertsErrorCode,
  type AlertsIssue,
  isAlertsError,
} from "./errors.js";
export {
  type AlertIdentity,
  type Evaluation,
  evaluate,
  type Observation,
  type Transition,
  type TransitionKind,
  targetSeverity,
} from "./evaluate.js";
export { type FieldPath, parseFieldPath, parseKeyPath, readPath } from "./field-path.js";
export { globMatch } from "./glob.js";
export { createMemoryStateStore, type MemoryStateStore } from "./memory-state-store.js";
export {
  formatIssuePath,
  type MergeIssue,
  type MergeResult,
  mergeRules,
  type RulesConfig,
} from "./merge-rules.js";
export {
  DEFAULT_FIRING_MESSAGE,
  DEFAULT_RECOVERY_MESSAGE,
  DEFAULT_UNKNOWN_MESSAGE,
  formatDuration,
  formatNumber,
} from "./messages.js";
export { extractObservations, type SampleObservation } from "./observations.js";
export { observingPublisher } from "./observing-publisher.js";
export { type Announcement, alertPayload, type EventKind } from "./payload.js";
export type { Publisher } from "./publisher.js";
export {
  createRedisStateStore,
  type RedisStateStore,
  type RedisStateStoreOptions,
  redisStateKeys,
} from "./redis-state-store.js";
export { resolveRules } from "./resolve-rules.js";
export {
  checkRule,
  RULE_OPS,
  type Rule,
  type RuleEntry,
  type RuleOp,
  ruleEntrySchema,
  ruleSchema,
} from "./rule.js";
export { type Silence, type SilenceRequest, silenceMatches } from "./silences.js";
export type { AlertStateStore, StoredState } from "./state-store.js";
export { renderTemplate } from "./template.js";
