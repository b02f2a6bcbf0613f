// The exporter under test, in its own process: apps/exporter's main without the signal handling
// (`startExporterApp` from the built @wirewatch/assembly) on the bench's Redis, admin listener on
// a free loopback port, with perf_hooks.monitorEventLoopDelay running. IPC
// (bench/lib/children.mjs protocol):
//   → { type: "ready", metricsUrl }
//   { cmd: "eld-reset" } → { type: "eld-reset" }          starts a measurement window
//   { cmd: "eld" }       → { type: "eld", p50Ms, p99Ms, maxMs, meanMs, samples, turns }   since the reset
//                          (turns: bench/exporter/loop-turns.mjs, the longest gaps split into on-CPU and waiting;
//                          snapshot: the exporter's synchronous snapshot() per scrape, p50 and max ms)
//   { cmd: "floor", bytes } → { type: "floor", url }   a static HTTP server in this process answering
//                          every GET with `bytes` bytes prepared once: the transfer floor of a scrape
//   { cmd: "exit" }      → graceful stop (what SIGTERM runs), exit
// Runs under --cpu-prof when bench:exporter gets --profile DIR.
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startExporterApp } from "../../packages/assembly/dist/index.js";
import { configSchema } from "../../packages/config/dist/index.js";
import { createLoopTurns } from "./loop-turns.mjs";

const config = configSchema.parse({
  bus: { redis: { url: process.argv[2] } },
  admin: { host: "127.0.0.1", port: 0 },
  log: { level: "warn", pretty: false },
});
const app = await startExporterApp(config, { installSignals: false, exit: () => {} });
await app.exporter.subscribed;

const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();
const turns = createLoopTurns();
for (const channel of ["system.stats", "storage.status"]) app.bus.subscribe(channel, turns.event);
const ms = (ns) => ns / 1e6;

// The metrics handler calls exporter.snapshot() once per scrape: time it where it runs.
let snapshots = [];
const snapshot = app.exporter.snapshot;
app.exporter.snapshot = (options) => {
  const started = performance.now();
  const rendering = snapshot(options);
  snapshots.push(performance.now() - started);
  return rendering;
};
const snapshotStats = () => {
  const sorted = snapshots.sort((a, b) => a - b);
  return { p50Ms: sorted[sorted.length >> 1] ?? 0, maxMs: sorted.at(-1) ?? 0 };
};

let floor;
const startFloor = (bytes) =>
  new Promise((resolve) => {
    floor?.close();
    const body = Buffer.alloc(bytes, "x");
    floor = createServer((_req, res) => res.writeHead(200, { "content-length": body.length }).end(body));
    floor.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${floor.address().port}/`));
  });

process.on("message", async (message) => {
  if (message.cmd === "eld-reset") {
    eld.reset();
    turns.reset();
    snapshots = [];
    process.send({ type: "eld-reset" });
  } else if (message.cmd === "eld") {
    process.send({
      type: "eld",
      p50Ms: ms(eld.percentile(50)),
      p99Ms: ms(eld.percentile(99)),
      maxMs: ms(eld.max),
      meanMs: ms(eld.mean),
      samples: eld.count,
      turns: turns.report(),
      snapshot: snapshotStats(),
    });
  } else if (message.cmd === "floor") {
    process.send({ type: "floor", url: await startFloor(message.bytes) });
  } else if (message.cmd === "exit") {
    eld.disable();
    turns.stop();
    floor?.close();
    await app.stop("bench done");
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready", metricsUrl: `${app.adminUrl}/metrics` });
