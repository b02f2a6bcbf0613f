// Exporter scrape benchmark (issue 6): scrape time of the wirewatch exporter at 10k and 100k
// series, and its event-loop delay during the scrapes, beside node_exporter (Debian's
// prometheus-node-exporter, our own instance on a free loopback port) scraped the same way in the
// same run. Prints a markdown table and writes bench/results/exporter.md.
//
//   pnpm bench:exporter              (builds first; about 4 min, --quick about 40 s)
//   node bench/exporter/run.mjs [--quick] [--reps 2] [--sizes 10000,100000] [--scrapes 200] [--pause-ms 50]
//                               [--period-ms 1000] [--profile DIR] [--exporter-flags=--trace-gc]
//                               [--node-exporter PATH] [--out FILE]
//
// The exporter is the real app (startExporterApp) in its own process on a private redis-server;
// a publisher process plays N host collectors (bench/exporter/synthetic-hosts.mjs). For each size
// the scrapes run twice: "quiet" (no events arriving) and "live" (every host publishing its
// system.stats once per --period-ms during the scrapes, storage.status every 10th period). The
// whole measurement repeats --reps times (bench/exporter/rep.mjs); report.mjs builds the tables.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { profileSection } from "../lib/cpuprofile.mjs";
import { NODE_EXPORTER } from "../lib/node-exporter.mjs";
import { fmt, machineBusyPercent, runHeader, sleep } from "../lib/proc.mjs";
import { runRep } from "./rep.mjs";
import { runsTable, targetsTable } from "./report.mjs";
import { seriesPerHost } from "./synthetic-hosts.mjs";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    reps: { type: "string" },
    sizes: { type: "string", default: "10000,100000" },
    scrapes: { type: "string" },
    "pause-ms": { type: "string", default: "50" },
    "period-ms": { type: "string", default: "1000" },
    profile: { type: "string" },
    "exporter-flags": { type: "string", default: "" },
    "node-exporter": { type: "string" },
    out: { type: "string" },
  },
});
const REPS = Number(flags.reps ?? (flags.quick ? 1 : 2));
const SCRAPES = Number(flags.scrapes ?? (flags.quick ? 40 : 200));
const PAUSE_MS = Number(flags["pause-ms"]);
const PERIOD_MS = Number(flags["period-ms"]);
const command = `node bench/exporter/run.mjs ${process.argv.slice(2).join(" ")}`.trim();

const startedAt = performance.now();
const busyBefore = await machineBusyPercent();
const perHost = seriesPerHost();
const reps = [];
for (let rep = 1; rep <= REPS; rep++) {
  reps.push(
    await runRep({
      sizes: flags.sizes.split(",").map(Number),
      perHost,
      scrapes: SCRAPES,
      pauseMs: PAUSE_MS,
      periodMs: PERIOD_MS,
      exporterArgs: [
        ...(flags.profile ? ["--cpu-prof", `--cpu-prof-dir=${flags.profile}`] : []),
        ...flags["exporter-flags"].split(" ").filter(Boolean),
      ],
      nodeExporter: flags["node-exporter"] ?? NODE_EXPORTER,
      log: (line) => process.stderr.write(`run ${rep}: ${line}\n`),
    }),
  );
}

const sections = [
  `# Exporter scrape benchmark\n\n${runHeader(command)}`,
  `## Targets\n\n${targetsTable(reps)}`,
  `## Every run\n\n${runsTable(reps)}`,
];
sections.push(
  [
    "## Method",
    "",
    "- wirewatch: `startExporterApp` (apps/exporter's main without signal handling) in its own process, on a private",
    "  redis-server (testkit `startRedis`), `/metrics` on a free loopback port. The series come through the real code",
    `  path: a publisher process publishes ${fmt(perHost)}-series hosts (\`bench/exporter/synthetic-hosts.mjs\`: the exporter's recorded`,
    "  system.stats of a real 2-CPU host — 2 CPUs, 4 interfaces, 1 disk, 54 meminfo fields — and a storage.status,",
    "  counters varied per host and tick) with a RedisBus; the exporter's RedisBus delivers them and the exporter",
    "  translates them at event time. Each size adds hosts until the scrape holds `series` sample lines (the exporter's",
    "  own `wirewatch_*`, `process_*` and `nodejs_*` included).",
    `- ${fmt(REPS)} run(s), each with a fresh redis-server, exporter, publisher and node_exporter. Scrapes: ${fmt(SCRAPES)} per row, one after another with ${fmt(PAUSE_MS)} ms pauses, from this process over one keep-alive`,
    "  HTTP connection (`accept-encoding: identity`: neither side compresses); time = request start → last body byte.",
    `- quiet: no events arrive during the scrapes. live: every host publishes system.stats once every ${fmt(PERIOD_MS)} ms`,
    "  (a collector's default interval), spread evenly, and storage.status every 10th period, throughout the scrapes.",
    "- Event-loop delay: `perf_hooks.monitorEventLoopDelay({ resolution: 1 })` inside the exporter process over the",
    "  scrapes of a row (values include the 1 ms sampling interval: an idle loop reads about 1 ms). On a loaded machine",
    "  a long delay is often the process waiting for a CPU, not work it does: `bench/exporter/loop-turns.mjs` runs a",
    "  1 ms timer in the exporter and reads the main thread's `/proc/thread-self/schedstat` at every tick, splitting each",
    "  gap between ticks into time on a CPU (work that did not yield: a stall the exporter causes) and time waiting for",
    "  one. *Longest turn* is the longest gap; *most on-CPU turn* the gap with the most on-CPU time. The stall target is",
    "  judged on the on-CPU time (what the exporter controls) and, separately, on the wall-clock maximum.",
    "- static floor: a plain node:http server inside the exporter process answering every GET with a buffer of the",
    "  same size prepared once, scraped the same way — what moving the bytes costs here, the client's reading included.",
    "  snapshot(): the exporter's synchronous snapshot per scrape, timed inside the process; the rest of a scrape is the",
    "  slices written out (1 MiB each, a loop turn apart) and the process's own registry (`wirewatch_*`, `process_*`,",
    "  `nodejs_*`) appended. GC pauses: `PerformanceObserver` `gc` entries in the exporter over the row (wall clock).",
    "- CPU: the exporter process's (or node_exporter's) utime+stime over the row, % of one core; other CPU % is the",
    "  machine's busy time not explained by it (this process scraping, the publisher, Redis, other work on the machine).",
    "- node_exporter: our own instance on a free loopback port with its default collectors, scraped by the same client",
    "  the same number of times; it gathers from /proc and /sys on every scrape, so its time per series is not",
    "  the same work — the ratio says how a wirewatch scrape compares with scraping the node_exporter people run.",
    `- Machine busy before the run: ${fmt(busyBefore, 0)}% of one core (200% = both cores busy). This run took ${fmt((performance.now() - startedAt) / 1000, 0)} s.`,
  ].join("\n"),
);
if (flags.profile) {
  await sleep(500);
  sections.push(
    profileSection(
      flags.profile,
      "## CPU profile of the exporter process (--cpu-prof), top self-time frames",
    ),
  );
}
const text = `${sections.join("\n\n")}\n`;
process.stdout.write(`\n${text}\n`);
await writeFile(flags.out ?? new URL("../results/exporter.md", import.meta.url), text);
