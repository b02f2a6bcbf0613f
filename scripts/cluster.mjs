#!/usr/bin/env node
// `pnpm cluster`: a scaled-out wirewatch on loopback — Redis, three gateway replicas, a collector,
// a Prometheus exporter and nginx load-balancing WebSocket connections across the replicas (architecture §1). Prints the
// URLs and the token, runs until Ctrl-C (or SIGTERM), then stops everything it started.
// Needs the build (`pnpm cluster` runs it first) and Debian's redis-server and nginx.
import { parseArgs } from "node:util";
import { startCluster } from "../packages/testkit/dist/index.js";

const { values } = parseArgs({
  options: {
    replicas: { type: "string", default: "3" },
    collectors: { type: "string", default: "1" },
    exporters: { type: "string", default: "1" },
    port: { type: "string" },
    "log-level": { type: "string", default: "warn" },
  },
});

process.stdout.write("starting redis, gateways, collectors, exporters and nginx on 127.0.0.1 ...\n");
const cluster = await startCluster({
  replicas: Number(values.replicas),
  collectors: Number(values.collectors),
  exporters: Number(values.exporters),
  logLevel: values["log-level"],
  // As shipped: no X-Wirewatch-Upstream header (the cluster tests add it; it names internal addresses).
  upstreamHeader: false,
  ...(values.port ? { nginxPort: Number(values.port) } : {}),
});

const lines = [
  "",
  "wirewatch cluster is running",
  `  WebSocket (nginx)  ${cluster.nginxUrl}`,
  `  Publish (nginx)    ${cluster.httpUrl}/api/v1/publish`,
  `  Token              ${cluster.token}`,
  `  Redis              ${cluster.redis.url}`,
  ...cluster.replicas.map((r) => `  ${r.name.padEnd(18)} ${r.url}  admin ${r.adminUrl}/readyz  pid ${r.pid}`),
  ...cluster.collectors.map((c) => `  ${c.name.padEnd(18)} admin ${c.adminUrl}/readyz  pid ${c.pid}`),
  ...cluster.exporters.map((e) => `  ${e.name.padEnd(18)} metrics ${e.adminUrl}/metrics  pid ${e.pid}`),
  "",
  "Try:",
  `  node apps/wirewatch/dist/cli.js tail system.stats --url ${cluster.nginxUrl} --token ${cluster.token}`,
  "",
  "Ctrl-C stops everything.",
  "",
];
process.stdout.write(lines.join("\n"));

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the cluster ...\n`);
  await cluster.stop();
  process.stdout.write("stopped\n");
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
// A crash (not a `kill` you ran: the cluster cannot tell) is reported once, with its last output.
let reported = 0;
const watchdog = setInterval(() => {
  for (const exit of cluster.unexpectedExits().slice(reported)) {
    reported++;
    process.stderr.write(
      `${exit.name} exited (${JSON.stringify(exit.status)}); its last output:\n${exit.output}\n`,
    );
  }
}, 1000);
watchdog.unref();
