// Collector overhead benchmark (issue 3): the host input as `wirewatch start` runs it (1 s
// system.stats, 5 s processes, 10 s storage, the parse pool), in its own process for
// --duration-s, beside node_exporter (Debian's prometheus-node-exporter, our own instance on a
// free loopback port) scraped once a second over HTTP in the same window. Prints a markdown table
// and writes bench/results/collector.md.
//
//   pnpm bench:collector             (builds first; about 75 s, --quick about 20 s)
//   node bench/collector/run.mjs [--quick] [--duration-s 60] [--warmup-s 5] [--profile DIR] [--out FILE]
//
// --quick: 10 s after a 2 s warm-up. --profile DIR: the collector runs with --cpu-prof (every
// thread, the parse workers included) and the top frames are summarized below the table.
// Beside it, in the same window: the scaled-out collector app (apps/collector, the agent a fleet
// runs on each host) publishing the same input to its own redis-server, with its alert rules and
// admin endpoints — what such a host pays for wirewatch.
import { fork, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { COLLECTOR_MAIN, freePort, startClusterApp, startRedis } from "../../packages/testkit/dist/index.js";
import { profileSection } from "../lib/cpuprofile.mjs";
import { NODE_EXPORTER, startNodeExporter } from "../lib/node-exporter.mjs";
import {
  cpuSeconds,
  fmt,
  machineBusyPercent,
  machineCpu,
  rssBytes,
  runHeader,
  sleep,
  table,
} from "../lib/proc.mjs";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "duration-s": { type: "string" },
    "warmup-s": { type: "string" },
    profile: { type: "string" },
    "node-exporter": { type: "string" },
    out: { type: "string" },
  },
});
const DURATION_S = Number(flags["duration-s"] ?? (flags.quick ? 10 : 60));
const WARMUP_S = Number(flags["warmup-s"] ?? (flags.quick ? 2 : 5));
const nodeExporterBinary = flags["node-exporter"] ?? NODE_EXPORTER;
const TARGET_CPU = 0.5;
const TARGET_RSS_MB = 60;
const command = `node bench/collector/run.mjs ${process.argv.slice(2).join(" ")}`.trim();

function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      resolve(message);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`collector exited (${code}) waiting for ${type}`)));
  });
}

/** An idle Node process (a 1 s interval timer): the runtime's own floor, for reference. */
function startIdleNode() {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  return { child, pid: child.pid };
}

async function scrape(url) {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return {
    ms: performance.now() - started,
    bytes: body.length,
    series: body.split("\n").filter((l) => l && l[0] !== "#").length,
  };
}

const startedAt = performance.now();
const busyBefore = await machineBusyPercent();
const exporter = await startNodeExporter(nodeExporterBinary);
const idleNode = startIdleNode();
const collector = fork(fileURLToPath(new URL("./host-collector.mjs", import.meta.url)), [], {
  execArgv: flags.profile ? ["--cpu-prof", `--cpu-prof-dir=${flags.profile}`] : [],
  stdio: ["ignore", "ignore", "inherit", "ipc"],
});
const ready = await nextMessage(collector, "ready");
const redis = await startRedis();
const appExits = [];
const appAdminPort = await freePort();
const app = await startClusterApp({
  name: "collector-app",
  main: COLLECTOR_MAIN,
  builtBy: "@wirewatch/collector-app",
  adminPort: appAdminPort,
  stopTimeoutMs: 15_000,
  onUnexpectedExit: (exit) => appExits.push(exit),
  env: {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/",
    WIREWATCH_REDIS_URL: redis.url,
    WIREWATCH_ADMIN__HOST: "127.0.0.1",
    WIREWATCH_ADMIN__PORT: String(appAdminPort),
    WIREWATCH_LOG__LEVEL: "warn",
  },
});

const scrapes = [];
let scraping = true;
const scrapeLoop = (async () => {
  // Once a second, on the second (a scrape that overruns just delays the next one).
  let next = performance.now();
  while (scraping) {
    try {
      scrapes.push(await scrape(exporter.url));
    } catch (err) {
      scrapes.push({ error: String(err) });
    }
    next += 1000;
    await sleep(Math.max(0, next - performance.now()));
  }
})();

const pids = { wirewatch: collector.pid, app: app.pid, node_exporter: exporter.pid, idle: idleNode.pid };
const rssSamples = Object.fromEntries(Object.keys(pids).map((k) => [k, []]));
await sleep(WARMUP_S * 1000);
scrapes.length = 0;
const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
const machineBefore = machineCpu();
const windowStart = performance.now();
while (performance.now() - windowStart < DURATION_S * 1000) {
  for (const [k, pid] of Object.entries(pids)) rssSamples[k].push(rssBytes(pid));
  await sleep(Math.min(1000, windowStart + DURATION_S * 1000 - performance.now()));
}
const seconds = (performance.now() - windowStart) / 1000;
const cpuAfter = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
const machineAfter = machineCpu();
scraping = false;
await scrapeLoop;
const report = await (async () => {
  const reply = nextMessage(collector, "report");
  collector.send({ cmd: "report" });
  return reply;
})();
const exited = new Promise((resolve) => collector.once("exit", resolve));
collector.send({ cmd: "exit" });
await Promise.race([exited, sleep(5000)]);
exporter.child.kill("SIGTERM");
idleNode.child.kill("SIGTERM");
const appStatus = await app.kill("SIGTERM");
await redis.stop();
if (appExits.length > 0)
  throw new Error(`the collector app exited during the run: ${JSON.stringify(appExits)}`);

const usage = (k) => {
  const d = (f) => cpuAfter[k][f] - cpuBefore[k][f];
  return {
    total: (d("total") / seconds) * 100,
    user: (d("user") / seconds) * 100,
    system: (d("system") / seconds) * 100,
    cpuS: d("total"),
  };
};
const rssStats = (k) => {
  const values = rssSamples[k].map((s) => s.rss);
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    max: Math.max(...values),
    hwm: Math.max(...rssSamples[k].map((s) => s.hwm)),
    threads: Math.max(...rssSamples[k].map((s) => s.threads)),
  };
};
const okScrapes = scrapes.filter((s) => !s.error);
const scrapeMs = okScrapes.map((s) => s.ms).sort((a, b) => a - b);
const ww = { cpu: usage("wirewatch"), rss: rssStats("wirewatch") };
const agent = { cpu: usage("app"), rss: rssStats("app") };
const ne = { cpu: usage("node_exporter"), rss: rssStats("node_exporter") };
const idle = { cpu: usage("idle"), rss: rssStats("idle") };
const machineBusy = ((machineAfter.busy - machineBefore.busy) / seconds) * 100;
const published = report.publish.published;
const mb = (b) => fmt(b / 2 ** 20, 1);
const cpuCell = (u) => `${fmt(u.total, 3)} (user ${fmt(u.user, 3)}, sys ${fmt(u.system, 3)})`;

const rows = [
  [
    "wirewatch host input (scheduler + parse pool + MemoryBus)",
    cpuCell(ww.cpu),
    `${mb(ww.rss.mean)} / ${mb(ww.rss.max)} (peak ${mb(ww.rss.hwm)})`,
    ww.rss.threads,
    `${fmt(published)} events published, ${fmt(report.pool.completed)} parse tasks, ${report.pool.failed} failed`,
    `CPU ≤ ${TARGET_CPU}%: ${ww.cpu.total <= TARGET_CPU ? "yes" : "**no**"} · RSS ≤ ${TARGET_RSS_MB} MB: ${ww.rss.max <= TARGET_RSS_MB * 2 ** 20 ? "yes" : "**no**"}`,
  ],
  [
    "scaled-out collector app (apps/collector: host input + alert rules + RedisBus + admin endpoints)",
    cpuCell(agent.cpu),
    `${mb(agent.rss.mean)} / ${mb(agent.rss.max)} (peak ${mb(agent.rss.hwm)})`,
    agent.rss.threads,
    `publishing to its own redis-server; exit on SIGTERM: ${appStatus.code ?? appStatus.signal}`,
    `CPU ≤ ${TARGET_CPU}%: ${agent.cpu.total <= TARGET_CPU ? "yes" : "**no**"} · RSS ≤ ${TARGET_RSS_MB} MB: ${agent.rss.max <= TARGET_RSS_MB * 2 ** 20 ? "yes" : "**no**"}`,
  ],
  [
    `node_exporter (${exporter.version.replace(/^node_exporter, /, "")}), scraped every 1 s`,
    cpuCell(ne.cpu),
    `${mb(ne.rss.mean)} / ${mb(ne.rss.max)} (peak ${mb(ne.rss.hwm)})`,
    ne.rss.threads,
    `${fmt(okScrapes.length)} scrapes (${scrapes.length - okScrapes.length} failed), ${fmt(okScrapes.at(-1)?.series ?? 0)} series, ${fmt((okScrapes.at(-1)?.bytes ?? 0) / 1024, 0)} KiB, scrape p50 ${fmt(scrapeMs[Math.floor(scrapeMs.length / 2)], 1)} ms`,
    "—",
  ],
  [
    "idle Node process (setInterval 1 s), for reference",
    cpuCell(idle.cpu),
    `${mb(idle.rss.mean)} / ${mb(idle.rss.max)}`,
    idle.rss.threads,
    "—",
    "—",
  ],
  [
    "wirewatch ÷ node_exporter",
    `${fmt(ww.cpu.total / ne.cpu.total, 2)}×`,
    `${fmt(ww.rss.mean / ne.rss.mean, 2)}×`,
    "",
    "",
    "",
  ],
];
const resultTable = table(
  ["process", "CPU % of one core", "RSS mean / max MB", "threads", "work in the window", "target"],
  rows,
);
const sections = [`# Collector overhead benchmark\n\n${runHeader(command)}`, resultTable];
sections.push(
  [
    "## Method",
    "",
    `- wirewatch: \`bench/collector/host-collector.mjs\` in its own process, built exactly as \`startEmbedded\` builds the`,
    "  collector: `loadConfig()` (defaults < WIREWATCH_CONFIG < WIREWATCH_* env), `createInputs(config.collector.inputs)`",
    "  (by default only the host input runs: system.stats every 1 s,",
    "  system.processes every 5 s, storage.status every 10 s), `createScheduler` publishing to `createBus()` (memory,",
    "  no subscriber), `getPool({ maxThreads: 2 })` (inputs up to 256 KiB of text parsed inline, bigger ones in Piscina",
    `  workers started on demand: ${report.pool.threads} worker thread(s) at the end of the run) and \`createPoolStatusReporter\`; pino`,
    `  logger at the default level. Host: ${ready.host}; inputs running: ${ready.inputs.join(", ")}.`,
    "- scaled-out collector app: `node apps/collector/dist/main.js` (testkit `startClusterApp`, as `pnpm cluster` runs it)",
    "  with `WIREWATCH_REDIS_URL` pointing at a private redis-server (testkit `startRedis`), the default configuration",
    "  otherwise: the host input, the default alert rules (state in Redis), the runtime registry and admin endpoints.",
    `- node_exporter: our own instance on a free loopback port with its default collectors, scraped by this`,
    "  process once a second over HTTP (node_exporter gathers on every scrape).",
    `- Window: ${fmt(WARMUP_S)} s warm-up (process start, first samples, worker start-up excluded), then ${fmt(seconds, 1)} s measured.`,
    "  CPU: utime+stime of every thread from /proc/<pid>/stat over the window, as % of one core (tick 10 ms:",
    `  resolution ${fmt((0.01 / seconds) * 100, 3)}%). RSS: VmRSS sampled every second (peak: VmHWM since start).`,
    `- Machine busy before the run ${fmt(busyBefore, 0)}%, over the window ${fmt(machineBusy, 0)}% of one core (200% = both cores; other work`,
    "  shares this machine: it slows nothing measured here much, since both sides sleep most of the time).",
    `- Environment: ${
      Object.keys(process.env)
        .filter((k) => k.startsWith("WIREWATCH_"))
        .join(", ") || "no WIREWATCH_* variables set (the default configuration)"
    }.`,
    `- This run took ${fmt((performance.now() - startedAt) / 1000, 0)} s.`,
  ].join("\n"),
);
if (flags.profile) {
  sections.push(
    profileSection(flags.profile, "## CPU profile (--cpu-prof), top self-time frames per thread"),
  );
}
const text = `${sections.join("\n\n")}\n`;
process.stdout.write(`\n${text}\n`);
await writeFile(flags.out ?? new URL("../results/collector.md", import.meta.url), text);
