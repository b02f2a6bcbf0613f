/**
 * @wirewatch/exporter — the bus's host and UPS events as Prometheus metrics with
 * node_exporter's and nut_exporter's names. See README.md.
 */
export { createExporter, type Exporter, type ExporterOptions, type SubscribableBus } from "./exporter.js";
export { createFamilyBuilder, type FamilyBlock, type FamilyBuilder } from "./family-builder.js";
export { hostStatsFamilies } from "./host-stats-families.js";
export { createMetricsHandler, type MetricsHandlerOptions } from "./metrics-handler.js";
export {
  createPieceList,
  createRendering,
  type PieceList,
  pushPiece,
  pushText,
  type Rendering,
} from "./rendering.js";
export { SLICE_BYTES, sendRendering } from "./send-rendering.js";
export { createSeriesStore, type SeriesStore } from "./series-store.js";
export { storageFamilies } from "./storage-families.js";
export { CONTENT_TYPE } from "./text-format.js";
export { EXPORTED_CHANNELS, eventSource, translateEvent } from "./translate-event.js";
export { upsFamilies } from "./ups-families.js";
