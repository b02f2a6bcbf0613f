/**
 * @wirewatch/assembly — builds wirewatch's processes from the config: the config→options
 * mapping of the bus, gateway, collector and alert engine, the HTTP route table of a gateway port,
 * and the processes themselves — `wirewatch start` (`startEmbedded`) and the scaled-out gateway,
 * collector and exporter apps — as factories tests call in-process. See README.md.
 */

export { type AlertsDeps, createAlertsFromConfig } from "./alerts-from-config.js";
export { type AppMain, type MainIo, runAppMain } from "./app-main.js";
export { createBusFromConfig } from "./bus-from-config.js";
export { type CollectorApp, startCollectorApp } from "./collector-app.js";
export {
  type CollectorDeps,
  type ConfiguredCollector,
  createCollectorFromConfig,
} from "./collector-from-config.js";
export { type EmbeddedApp, type EmbeddedAppOptions, startEmbedded } from "./embedded-app.js";
export { type ExporterApp, startExporterApp } from "./exporter-app.js";
export { type GatewayApp, type GatewayAppOptions, startGatewayApp } from "./gateway-app.js";
export {
  createGatewayFromConfig,
  dialectPortsFromConfig,
  dialectsFromConfig,
  type GatewayDeps,
  gatewayOptionsFromConfig,
  listenGatewayFromConfig,
} from "./gateway-from-config.js";
export {
  GATEWAY_API_PREFIX,
  type HttpRoute,
  type HttpRouteName,
  type HttpRouteParts,
  httpRouteTable,
  type RouteHandler,
  routeRequests,
} from "./http-routes.js";
export {
  createProcessKit,
  type ProcessKit,
  type ProcessKitOptions,
  WIREWATCH_VERSION,
} from "./process-kit.js";
export { assertScaledOut, type ScaledOutApp, scaledOutProblems } from "./scaled-out.js";
export type { StartAppOptions, StartedApp } from "./started-app.js";
