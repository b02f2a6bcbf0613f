// The second process of the cross-process latency run: subscribes to CHANNEL, prints "ready",
// records publish→handler latency from the monotonic stamp in each event, and on a line on
// stdin prints its percentiles as JSON and exits.
import { once } from "node:events";
import { createRedisBus, silentLogger, waitForReady } from "../../packages/bus/dist/index.js";
import { monoMs, percentiles } from "./stats.mjs";

const [url, channel] = process.argv.slice(2);
const bus = createRedisBus({ redisUrl: url, logger: silentLogger });
await waitForReady(bus);
const latencies = [];
let warmup = 0;
await bus.subscribe(channel, (event) => {
  if (event.data.warmup) warmup++;
  else latencies.push(monoMs() - event.data.t);
}).subscribed;
process.stdout.write("ready\n");
await once(process.stdin, "data");
process.stdin.destroy();
process.stdout.write(`${JSON.stringify({ ...percentiles(latencies), warmup })}\n`);
await bus.close();
