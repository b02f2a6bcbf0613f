// The collector side of `wirewatch start`, alone, as a child process of the collector benchmark:
// the default configuration's inputs (the host input: stats 1 s, processes 5 s, storage 10 s)
// on the scheduler, the shared parse pool (small parses inline, bigger ones in Piscina workers
// started on demand) and its `jobs` reporter, publishing to a
// MemoryBus nobody subscribes to — the same calls, in the same order, as apps/wirewatch's
// startEmbedded, minus the gateway and admin endpoints. Reports over IPC when asked.
import { createBus } from "../../packages/bus/dist/index.js";
import {
  closePool,
  createInputs,
  createPoolStatusReporter,
  createScheduler,
  getPool,
} from "../../packages/collector/dist/index.js";
import { loadConfig } from "../../packages/config/dist/index.js";
import { createLogger } from "../../packages/runtime/dist/index.js";

// Defaults < WIREWATCH_CONFIG file < WIREWATCH_* env, as `wirewatch start` loads them (the runner
// reports any WIREWATCH_* variable it passes on; unset, this is the default configuration).
const { config } = loadConfig();
const logger = createLogger({ level: config.log.level, pretty: false, name: "wirewatch" });
const host = config.collector.hostname;
const bus = createBus({
  keyPrefix: config.bus.redis.keyPrefix,
  historyMaxLen: config.bus.historyMaxLen,
  logger: logger.child({ component: "bus" }),
});
const scheduler = createScheduler({ publisher: bus, host, logger: logger.child({ component: "collector" }) });
const inputs = createInputs(config.collector.inputs, { host, logger });
for (const input of inputs) scheduler.add(input);
scheduler.start();
const pool = getPool({ maxThreads: config.collector.workers.maxThreads });
const poolStatus = createPoolStatusReporter({ pool, publisher: bus, host });

const shutdown = async () => {
  poolStatus.stop();
  await scheduler.stop();
  await closePool();
  await bus.close();
  process.exit(0);
};
// SIGINT/SIGTERM exit cleanly, so `--cpu-prof` writes its profile when run standalone.
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
process.on("message", async (message) => {
  if (message.cmd === "report") {
    const snapshot = pool.snapshot();
    process.send({
      type: "report",
      publish: scheduler.stats(),
      status: scheduler.status().map((s) => ({ input: s.input, state: s.state, error: s.error })),
      pool: { completed: snapshot.completed, failed: snapshot.failed, threads: snapshot.threads },
      memory: process.memoryUsage(),
    });
  } else if (message.cmd === "exit") await shutdown();
});
// Standalone (`node bench/collector/host-collector.mjs`, e.g. under a profiler) it just runs.
if (process.send) process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready", engine: bus.engine, host, inputs: inputs.map((i) => i.name) });
