/**
 * The `alerts` section. Its options are not defined here: the rule schema lives beside the engine
 * in @wirewatch/alerts (`src/rule.ts`, `src/config-schema.ts`, documented in its README), and
 * `@wirewatch/alerts/rules-config` exports it — a light module (zod and @wirewatch/protocol only)
 * that does not load the engine or ioredis. Bad rules are rejected with their path
 * (`alerts.rules[2].clear.warning`).
 */
import { alertsConfigSchema } from "@wirewatch/alerts/rules-config";

export const alertsSchema = alertsConfigSchema;

export type { AlertsConfig } from "@wirewatch/alerts/rules-config";
