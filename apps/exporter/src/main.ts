#!/usr/bin/env node
/**
 * wirewatch-exporter: one scaled-out Prometheus exporter (architecture §1, §8): every host's series
 * from the Redis bus on /metrics of admin.port. See @wirewatch/assembly's `startExporterApp`.
 */
import { runAppMain, startExporterApp } from "@wirewatch/assembly";

await runAppMain({
  name: "wirewatch-exporter",
  description:
    "Prometheus exporter of every host on a Redis bus (/metrics, /livez, /readyz on admin.port, 9469)",
  start: (config) => startExporterApp(config),
});
