/**
 * The whole configuration: one strict zod schema composed of one schema per section. Every
 * option has a default (or is optional), so `configSchema.parse({})` yields a working config.
 */
import { z } from "zod";
import { adminSchema } from "./admin.js";
import { alertsSchema } from "./alerts.js";
import { authSchema } from "./auth.js";
import { busSchema } from "./bus.js";
import { collectorSchema } from "./collector.js";
import { gatewaySchema } from "./gateway.js";
import { logSchema } from "./log.js";
import { shutdownSchema } from "./shutdown.js";

export const configSchema = z
  .strictObject({
    log: logSchema.prefault({}),
    bus: busSchema.prefault({}),
    gateway: gatewaySchema.prefault({}),
    auth: authSchema.prefault({}),
    admin: adminSchema.prefault({}),
    collector: collectorSchema.prefault({}),
    alerts: alertsSchema.prefault({}),
    shutdown: shutdownSchema.prefault({}),
  })
  .describe("wirewatch configuration");

/** The validated configuration, every default filled in. */
export type WirewatchConfig = z.infer<typeof configSchema>;
/** What a config file may contain: every key optional. */
export type WirewatchConfigInput = z.input<typeof configSchema>;

export type { AdminConfig } from "./admin.js";
export type { AlertsConfig } from "./alerts.js";
export type { AuthConfig, Permission, TokenConfig } from "./auth.js";
export type { BusConfig } from "./bus.js";
export type { CollectorConfig } from "./collector.js";
export type { GatewayConfig } from "./gateway.js";
export type { LogConfig } from "./log.js";
export type { ShutdownConfig } from "./shutdown.js";
