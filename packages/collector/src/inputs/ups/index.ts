import type { Collector } from "../../collector.js";
import type { InputContext, InputDefinition } from "../../registry.js";
import { type UpsConfig, upsConfigSchema } from "./config.js";
import { type NutSourceFactory, nutClientSource } from "./nut-source.js";
import { createServerTask } from "./server-task.js";

/**
 * Builds the `ups` input: one schedule per upsd server (`ups.<name>` or `ups.<host>:<port>`),
 * each polling every UPS of that server. `sources` replaces the NUT client (tests).
 */
export function createUpsCollector(
  config: UpsConfig,
  ctx: InputContext,
  sources: NutSourceFactory = nutClientSource,
): Collector {
  const tasks = config.servers.map((server) => createServerTask(server, config, ctx, sources));
  return {
    name: "ups",
    tasks,
    async close() {
      await Promise.all(tasks.map((task) => task.close()));
    },
  };
}

/**
 * The `ups` input: UPS state from NUT's upsd over its network protocol (@wirewatch/nut, loaded
 * with the first gather), as `infrastructure.status` — one event per UPS per poll. See README.md
 * beside this file.
 */
export const upsInput: InputDefinition<UpsConfig> = {
  description: "UPS state (status flags, battery, load, voltages) from NUT's upsd",
  configSchema: upsConfigSchema,
  create: (config, ctx) => createUpsCollector(config, ctx),
};
