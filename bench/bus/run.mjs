// Bus benchmark: RedisBus on one private redis-server, compared in the same run with
// redis-benchmark's PUBLISH on that server. Prints a markdown table and writes bench/results/bus.md.
//
//   pnpm bench:bus            (builds first)
//   node bench/bus/run.mjs [--n 200000] [--rate 10000] [--seconds 5]   (after a build)
//
// --n: publishes in the throughput run; --rate: events/s of the latency runs; --seconds: their length.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { createRedisBus, silentLogger, waitForReady } from "../../packages/bus/dist/index.js";
import { startRedis } from "../../packages/testkit/dist/index.js";
import { monoMs, percentiles, sampleData } from "./stats.mjs";

const { values: flags } = parseArgs({
  options: { n: { type: "string" }, rate: { type: "string" }, seconds: { type: "string" } },
});
const N = Number(flags.n ?? 200_000);
const RATE = Number(flags.rate ?? 10_000);
const SECONDS = Number(flags.seconds ?? 5);
const CHANNEL = "system.stats";
const run = promisify(execFile);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const draft = (data) => ({ channel: CHANNEL, host: "bench-host-01", data });

/** Publishes `count` events as fast as the bus takes them, keeping a bounded window in flight. */
async function publishFlat(bus, count, chunk = 1000, windowChunks = 8) {
  const inflight = new Set();
  const started = performance.now();
  for (let i = 0; i < count; i += chunk) {
    const batch = [];
    for (let j = i; j < Math.min(i + chunk, count); j++) batch.push(bus.publish(draft(sampleData(j))));
    const all = Promise.all(batch);
    inflight.add(all);
    all.then(() => inflight.delete(all));
    if (inflight.size >= windowChunks) await Promise.race(inflight);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inflight);
  return count / ((performance.now() - started) / 1000);
}

/** Publishes at `rate` events/s for `seconds`, each stamped with the monotonic publish time. */
async function publishPaced(bus, rate, seconds, extra = {}) {
  const total = Math.round(rate * seconds);
  const started = monoMs();
  let sent = 0;
  let outstanding = 0;
  let failed = 0;
  const settle = () => outstanding--;
  const fail = () => {
    failed++;
    outstanding--;
  };
  while (sent < total) {
    const due = Math.min(total, Math.floor(((monoMs() - started) / 1000) * rate));
    for (; sent < due; sent++) {
      outstanding++;
      bus.publish(draft({ ...sampleData(sent), ...extra, t: monoMs() })).then(settle, fail);
    }
    await sleep(1);
  }
  while (outstanding > 0) await sleep(1);
  if (failed > 0) throw new Error(`${failed} publishes failed during the latency run`);
  return total;
}

async function latencyInProcess(url) {
  const bus = createRedisBus({ redisUrl: url, keyPrefix: "lat1", logger: silentLogger });
  await waitForReady(bus);
  const latencies = [];
  let measuring = false;
  await bus.subscribe(CHANNEL, (event) => {
    if (measuring) latencies.push(monoMs() - event.data.t);
  }).subscribed;
  await publishPaced(bus, RATE, 1); // warm-up
  await sleep(100);
  measuring = true;
  const sent = await publishPaced(bus, RATE, SECONDS);
  await sleep(200);
  await bus.close();
  return { ...percentiles(latencies), sent };
}

/** The floor: plain ioredis PUBLISH → 'message' in one process, same payload and pacing, no bus. */
async function latencyRawIoredis(url) {
  const require = createRequire(new URL("../../packages/bus/package.json", import.meta.url));
  const { Redis } = require("ioredis");
  const publisher = new Redis(url, { enableAutoPipelining: true });
  const subscriber = new Redis(url);
  const latencies = [];
  let measuring = false;
  await subscriber.subscribe("bench:raw");
  subscriber.on("message", (_channel, text) => {
    const data = JSON.parse(text);
    if (measuring) latencies.push(monoMs() - data.t);
  });
  const rawBus = { publish: (d) => publisher.publish("bench:raw", JSON.stringify(d.data)) };
  await publishPaced(rawBus, RATE, 1);
  await sleep(100);
  measuring = true;
  const sent = await publishPaced(rawBus, RATE, SECONDS);
  await sleep(200);
  publisher.disconnect();
  subscriber.disconnect();
  return { ...percentiles(latencies), sent };
}

/** Waits (up to 30 s) for the machine to be quiet, so other work skews the run less. */
async function waitForQuiet() {
  for (let waited = 0; waited < 30_000 && loadavg()[0] >= 1; waited += 2_000) await sleep(2_000);
}

async function latencyAcrossProcesses(url) {
  const peer = spawn(
    process.execPath,
    [fileURLToPath(new URL("./peer.mjs", import.meta.url)), url, CHANNEL],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let output = "";
  peer.stdout.on("data", (chunk) => {
    output += chunk;
  });
  while (!output.includes("ready\n")) {
    if (peer.exitCode !== null) throw new Error("bench peer exited early");
    await sleep(10);
  }
  const bus = createRedisBus({ redisUrl: url, logger: silentLogger });
  await waitForReady(bus);
  await publishPaced(bus, RATE, 1, { warmup: true });
  const sent = await publishPaced(bus, RATE, SECONDS);
  await sleep(300);
  peer.stdin.end("report\n");
  await once(peer, "exit");
  await bus.close();
  const report = JSON.parse(output.split("\n")[1]);
  return { ...report, sent };
}

/**
 * redis-benchmark's PUBLISH on the same server. Redis 7.0's redis-benchmark has no `-t publish`
 * test (it prints nothing for it); then the same measurement runs as an explicit command line,
 * PUBLISH of a payload as large as the bus's event.
 */
async function redisBenchmark(port, payloadBytes) {
  const base = ["-h", "127.0.0.1", "-p", String(port), "-q", "-n", String(N)];
  const attempts = [
    { label: "redis-benchmark -t publish -q", args: [...base, "-t", "publish"] },
    {
      label: `redis-benchmark -q PUBLISH bench:ref <${payloadBytes} bytes> (no \`-t publish\` in this version)`,
      args: [...base, "PUBLISH", "bench:ref", "x".repeat(payloadBytes)],
    },
  ];
  for (const attempt of attempts) {
    const { stdout } = await run("redis-benchmark", attempt.args, { maxBuffer: 16 * 1024 * 1024 });
    const line = stdout.split(/\r|\n/).findLast((text) => /: [\d.]+ requests per second/.test(text));
    const match = line?.match(/: ([\d.]+) requests per second(?:, p50=([\d.]+) msec)?/);
    if (match)
      return { label: attempt.label, rps: Number(match[1]), p50: match[2] ? Number(match[2]) : undefined };
  }
  throw new Error("cannot run redis-benchmark's PUBLISH test");
}

const fmt = (n, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

await waitForQuiet();
const loadBefore = loadavg()[0];
const server = await startRedis();
try {
  const redisVersion = (await server.cli(["info", "server"])).match(/redis_version:(\S+)/)?.[1];
  const bus = createRedisBus({ redisUrl: server.url, keyPrefix: "tput", logger: silentLogger });
  await waitForReady(bus);
  const payloadBytes = JSON.stringify(draft(sampleData(0))).length;
  await publishFlat(bus, Math.min(N, 50_000)); // warm-up (JIT, script cache)
  const throughput = await publishFlat(bus, N);
  await bus.close();
  const inProcess = await latencyInProcess(server.url);
  const crossProcess = await latencyAcrossProcesses(server.url);
  const raw = await latencyRawIoredis(server.url);
  const reference = await redisBenchmark(server.port, payloadBytes);

  const rows = [
    [
      "RedisBus publish throughput, 1 process",
      `${fmt(throughput)} events/s`,
      "≥ 100,000 events/s",
      throughput >= 100_000,
    ],
    [
      `publish→handler latency, 1 process, ${fmt(RATE)} events/s`,
      `p50 ${fmt(inProcess.p50, 2)} ms · p99 ${fmt(inProcess.p99, 2)} ms · max ${fmt(inProcess.max, 2)} ms (n=${fmt(inProcess.count)})`,
      "p99 < 2 ms",
      inProcess.p99 < 2 && inProcess.count === inProcess.sent,
    ],
    [
      `publish→handler latency, 2 processes, ${fmt(RATE)} events/s`,
      `p50 ${fmt(crossProcess.p50, 2)} ms · p99 ${fmt(crossProcess.p99, 2)} ms · max ${fmt(crossProcess.max, 2)} ms (n=${fmt(crossProcess.count)})`,
      "p99 < 2 ms",
      crossProcess.p99 < 2 && crossProcess.count === crossProcess.sent,
    ],
    [
      `reference: plain ioredis PUBLISH → message, 1 process, ${fmt(RATE)}/s, no bus`,
      `p50 ${fmt(raw.p50, 2)} ms · p99 ${fmt(raw.p99, 2)} ms · max ${fmt(raw.max, 2)} ms (n=${fmt(raw.count)})`,
      "—",
      undefined,
    ],
    [
      `reference: \`${reference.label}\` (50 clients, no pipelining)`,
      `${fmt(reference.rps)} requests/s${reference.p50 !== undefined ? ` · p50 ${fmt(reference.p50, 3)} ms` : ""}`,
      "—",
      undefined,
    ],
    [
      "RedisBus throughput ÷ redis-benchmark PUBLISH",
      `${fmt(throughput / reference.rps, 2)}×`,
      "—",
      undefined,
    ],
  ];
  const table = [
    "| measurement | result | target | met |",
    "|---|---|---|---|",
    ...rows.map(
      ([what, result, target, met]) =>
        `| ${what} | ${result} | ${target} | ${met === undefined ? "" : met ? "yes" : "**no**"} |`,
    ),
  ].join("\n");
  const notes = [
    `Run ${new Date().toISOString()} · Node ${process.version} · Redis ${redisVersion} · ${cpus().length} × ${cpus()[0]?.model.trim()}` +
      ` · load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`,
    `One private redis-server (no persistence) serves every row. Throughput: ${fmt(N)} publishes of a ${payloadBytes}-byte`,
    "system.stats event from one process, no subscriber, at most 8,000 in flight; each publish is a full bus publish",
    "(seq, epoch, capped history, PUBLISH — one Lua call per batch of same-tick publishes). Latency: events stamped with",
    `CLOCK_MONOTONIC at publish(), paced at ${fmt(RATE)}/s for ${SECONDS} s after a 1 s warm-up; the 2-process row subscribes in a child process.`,
  ].join("\n");
  const report = `# Bus benchmark\n\n${table}\n\n${notes}\n`;
  process.stdout.write(`\n${report}\n`);
  await writeFile(new URL("../results/bus.md", import.meta.url), report);
} finally {
  await server.stop();
}
