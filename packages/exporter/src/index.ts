/**
 * @wirewatch/exporter — the bus's host and UPS events as Prometheus metrics with
 * node_exporter's and nut_exporter's names. See README.md.
 */
export {
  createExporter,
  EXPORTED_CHANNELS,
  type Exporter,
  type ExporterOptions,
  type SubscribableBus,
} from "./exporter.js";
export { createFamilyBuilder, type FamilyBlock, type FamilyBuilder } from "./family-builder.js";
export { type HostStatsData, hostStatsFamilies } from "./host-stats-families.js";
export { createMetricsHandler, type MetricsHandlerOptions } from "./metrics-handler.js";
export { createSeriesStore, type SeriesStore } from "./series-store.js";
export { type StorageData, storageFamilies } from "./storage-families.js";
export { CONTENT_TYPE } from "./text-format.js";
export { type UpsData, upsFamilies } from "./ups-families.js";
