#!/usr/bin/env node
/**
 * wirewatch-collector: one scaled-out collector (architecture §1): the inputs its config enables,
 * publishing to Redis. See @wirewatch/assembly's `startCollectorApp` for what it does.
 */
import { runAppMain, startCollectorApp } from "@wirewatch/assembly";

await runAppMain({
  name: "wirewatch-collector",
  description: "collector publishing the enabled inputs to a Redis bus (admin endpoints on admin.port, 9469)",
  start: (config) => startCollectorApp(config),
});
