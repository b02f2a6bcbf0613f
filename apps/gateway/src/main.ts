#!/usr/bin/env node
/**
 * wirewatch-gateway: one scaled-out gateway replica (architecture §1). Run several behind a load
 * balancer on one Redis; see @wirewatch/assembly's `startGatewayApp` for what it does.
 */
import { runAppMain, startGatewayApp } from "@wirewatch/assembly";

await runAppMain({
  name: "wirewatch-gateway",
  description: "WebSocket gateway replica on a Redis bus (admin endpoints on admin.port, 9469)",
  start: (config) => startGatewayApp(config),
});
