// Gateway benchmark (issue 3): fan-out latency, throughput and CPU of the gateway against a bare
// `ws` server (the floor) under the same load in the same run, and idle memory per connection.
// Prints markdown tables and writes bench/results/gateway.md.
//
//   pnpm bench:gateway                 (builds first; full run 8–9 minutes, --quick about 1 minute)
//   node bench/gateway/run.mjs [--quick] [--reps 2] [--seconds 10] [--warmup 2] [--client-procs 2]
//        [--idle 10000] [--kinds gateway,floor,floor-frame] [--only fanout|idle] [--out FILE]
//        [--scenarios 100x100,1000x100] [--profile DIR]   (DIR: a V8 CPU profile of every server)
//
// Every server runs in its own child process (server.mjs), fresh for each measurement; the
// clients live in --client-procs other processes (clients.mjs), the same ones for every server.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { closeClients, connectClients, nextMessage, spawnChild, stopChild } from "../lib/children.mjs";
import { mergePercentiles } from "../lib/histogram.mjs";
import {
  cpuWindow,
  fmt,
  machineBusyPercent,
  rssBytes,
  runHeader,
  sleep,
  table,
  wallMs,
} from "../lib/proc.mjs";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    reps: { type: "string" },
    seconds: { type: "string" },
    warmup: { type: "string" },
    "client-procs": { type: "string" },
    idle: { type: "string" },
    kinds: { type: "string" },
    only: { type: "string" },
    scenarios: { type: "string" },
    out: { type: "string" },
    profile: { type: "string" },
  },
});
const QUICK = flags.quick;
const REPS = Number(flags.reps ?? (QUICK ? 1 : 3));
const SECONDS = Number(flags.seconds ?? (QUICK ? 2 : 10));
const WARMUP_S = Number(flags.warmup ?? (QUICK ? 1 : 2));
const CLIENT_PROCS = Number(flags["client-procs"] ?? 2);
const IDLE = Number(flags.idle ?? (QUICK ? 1000 : 10_000));
const KINDS = (flags.kinds ?? "gateway,floor,floor-frame").split(",");
const SCENARIOS = flags.scenarios
  ? flags.scenarios.split(",").map((s) => {
      const [clients, rate] = s.split("x").map(Number);
      return { clients, rate };
    })
  : QUICK
    ? [
        { clients: 50, rate: 100 },
        { clients: 200, rate: 100 },
      ]
    : [
        { clients: 100, rate: 100, p99Ms: 3 },
        { clients: 1000, rate: 100, p99Ms: 15, cpuPercent: 50 },
        // Not in the issue: 1000 clients at a load this machine can carry (see the results).
        { clients: 1000, rate: 20 },
      ];
const TARGET_THROUGHPUT_RATIO = 0.8;
const TARGET_IDLE_KB = 8;
const TOKEN = randomBytes(24).toString("base64url");
const command = `node bench/gateway/run.mjs ${process.argv.slice(2).join(" ")}`.trim();

// ---- child processes --------------------------------------------------------------------------

/** `--profile DIR`: every server writes a V8 CPU profile there (`--cpu-prof`) when it exits. */
const profileArgs = flags.profile ? ["--cpu-prof", `--cpu-prof-dir=${flags.profile}`] : [];
const startServer = (kind, extraExecArgv = []) =>
  spawnChild(
    new URL("./server.mjs", import.meta.url),
    ["--kind", kind, "--token", TOKEN],
    [...profileArgs, ...extraExecArgv],
  );

function connectTo(clients, server, kind, total, localAddresses) {
  const url =
    kind === "gateway"
      ? `ws://127.0.0.1:${server.ready.port}/api/v1/ws`
      : `ws://127.0.0.1:${server.ready.port}/`;
  return connectClients(
    clients,
    {
      url,
      token: kind === "gateway" ? TOKEN : undefined,
      subscribe: kind === "gateway",
      localAddresses,
      concurrency: 64,
    },
    total,
    kind,
  );
}

// ---- fan-out ----------------------------------------------------------------------------------

async function fanoutRun(clients, kind, { clients: count, rate }) {
  const server = await startServer(kind);
  try {
    const connected = await connectTo(clients, server, kind, count);
    await sleep(500);
    const windowStart = wallMs() + WARMUP_S * 1000;
    const windowEnd = windowStart + SECONDS * 1000;
    const stopAt = windowEnd + 500;
    for (const c of clients) c.child.send({ cmd: "window", start: windowStart, end: windowEnd });
    const published = nextMessage(server.child, "published");
    server.child.send({ cmd: "publish", rate, windowStart, windowEnd, stopAt });
    await sleep(windowStart - wallMs());
    const cpu = cpuWindow([server.pid, ...clients.map((c) => c.pid)]);
    await sleep(windowEnd - wallMs());
    const usage = cpu.stop();
    const memory = rssBytes(server.pid);
    const pub = await published;
    await sleep(300);
    const reports = await Promise.all(
      clients.map((c) => {
        const reply = nextMessage(c.child, "report");
        c.child.send({ cmd: "report" });
        return reply;
      }),
    );
    await closeClients(clients);
    const latency = mergePercentiles(reports.map((r) => r.hist));
    const delivered = reports.reduce((n, r) => n + r.delivered, 0);
    const closes = {};
    for (const r of reports)
      for (const [code, n] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + n;
    return {
      kind,
      clients: count,
      rate,
      connected,
      published: pub.inWindow,
      expected: pub.inWindow * connected,
      delivered,
      deliveredPerS: delivered / SECONDS,
      expectedPerS: (pub.inWindow * connected) / SECONDS,
      minPerClient: Math.min(...reports.map((r) => r.minPerClient)),
      latency,
      publishLag: pub.lag,
      publishedPerS: pub.inWindow / SECONDS,
      serverCpu: usage.perPid[server.pid],
      serverUser: usage.detail[server.pid].user,
      serverSystem: usage.detail[server.pid].system,
      cpuUsPerDelivery: (usage.perPid[server.pid] / 100 / (delivered / SECONDS)) * 1e6,
      clientCpu: clients.reduce((n, c) => n + usage.perPid[c.pid], 0),
      otherCpu: usage.otherPercent,
      machineBusy: usage.machineBusyPercent,
      rss: memory.rss,
      closes,
    };
  } finally {
    await stopChild(server);
  }
}

// ---- idle memory ------------------------------------------------------------------------------

async function serverMemory(server, gc = true) {
  const reply = nextMessage(server.child, "mem");
  server.child.send({ cmd: "mem", gc });
  const { memory, connections } = await reply;
  return { ...memory, procRss: rssBytes(server.pid).rss, connections };
}

async function idleRun(clients, kind) {
  const server = await startServer(kind, ["--expose-gc"]);
  try {
    await sleep(300);
    const before = await serverMemory(server);
    const addresses = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"];
    const started = performance.now();
    const connected = await connectTo(clients, server, kind, IDLE, addresses);
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(1000);
    const after = await serverMemory(server);
    await closeClients(clients);
    const per = (a, b) => (a - b) / connected / 1024;
    return {
      kind,
      connected,
      connectSeconds,
      before,
      after,
      rssKbPer: per(after.procRss, before.procRss),
      heapKbPer: per(after.heapUsed, before.heapUsed),
      externalKbPer: per(after.external, before.external),
    };
  } finally {
    await stopChild(server);
  }
}

// ---- report -----------------------------------------------------------------------------------

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (values) =>
  values.length > 1 ? `${fmt(Math.min(...values), 2)}–${fmt(Math.max(...values), 2)}` : fmt(values[0], 2);
const yesNo = (ok) => (ok ? "yes" : "**no**");
const label = (s) => `${fmt(s.clients)} × ${fmt(s.rate)}/s`;
const KIND_LABEL = {
  gateway: "gateway",
  floor: "floor (ws.send, same Buffer)",
  "floor-frame": "floor, framed once (Sender.frame)",
};

function fanoutTables(runs) {
  const detail = table(
    [
      "clients × events/s",
      "server",
      "rep",
      "published/s",
      "delivered/s (expected)",
      "p50 ms",
      "p99 ms",
      "p99.9 ms",
      "max ms",
      "server CPU % of 1 core (user + sys)",
      "server CPU µs / delivery",
      "server RSS MB",
      "clients CPU %",
      "other CPU %",
      "publish lag p99 ms",
    ],
    runs.map((r) => [
      label(r),
      KIND_LABEL[r.kind],
      r.rep,
      fmt(r.publishedPerS, 1),
      `${fmt(r.deliveredPerS)} (${fmt(r.expectedPerS)})${Object.keys(r.closes).length ? ` closes ${JSON.stringify(r.closes)}` : ""}`,
      fmt(r.latency.p50, 2),
      fmt(r.latency.p99, 2),
      fmt(r.latency["p99.9"], 2),
      fmt(r.latency.max, 1),
      `${fmt(r.serverCpu, 1)} (${fmt(r.serverUser, 0)} + ${fmt(r.serverSystem, 0)})`,
      fmt(r.cpuUsPerDelivery, 1),
      fmt(r.rss / 2 ** 20, 1),
      fmt(r.clientCpu, 0),
      fmt(r.otherCpu, 0),
      fmt(r.publishLag.p99, 2),
    ]),
  );
  const summaryRows = [];
  for (const scenario of SCENARIOS) {
    const of = (kind) =>
      runs.filter((r) => r.kind === kind && r.clients === scenario.clients && r.rate === scenario.rate);
    const gw = of("gateway");
    const floor = of("floor");
    if (!gw.length) continue;
    const pick = (list, f) => list.map(f);
    const ratio = (f) => (floor.length ? median(pick(gw, f)) / median(pick(floor, f)) : Number.NaN);
    const p99 = pick(gw, (r) => r.latency.p99);
    const cpu = pick(gw, (r) => r.serverCpu);
    const tputRatio = ratio((r) => r.deliveredPerS);
    const complete = gw.every((r) => r.delivered === r.expected);
    const keptPace = gw.every((r) => r.publishedPerS >= scenario.rate * 0.98);
    const usPerDelivery = median(pick(gw, (r) => r.cpuUsPerDelivery));
    // When the server could not keep the requested pace, its CPU at that pace is projected from
    // its measured cost per delivery (CPU µs per delivery × requested deliveries/s).
    const projectedCpu = (usPerDelivery * scenario.clients * scenario.rate) / 1e4;
    const capacityRatio = 1 / ratio((r) => r.cpuUsPerDelivery);
    const cpuVerdict = !scenario.cpuPercent
      ? "—"
      : keptPace
        ? `≤ ${scenario.cpuPercent}%: ${yesNo(Math.max(...cpu) <= scenario.cpuPercent)}`
        : `≤ ${scenario.cpuPercent}%: **no** (pace not kept; projected ${fmt(projectedCpu, 0)}% at ${fmt(scenario.rate)}/s)`;
    const p99Verdict = !scenario.p99Ms
      ? "—"
      : `≤ ${scenario.p99Ms} ms: ${yesNo(keptPace && Math.max(...p99) <= scenario.p99Ms)}${keptPace ? "" : " (pace not kept)"}`;
    summaryRows.push([
      label(scenario),
      `${spread(p99)} (floor ${spread(pick(floor, (r) => r.latency.p99))}) · ${fmt(
        ratio((r) => r.latency.p99),
        2,
      )}×`,
      p99Verdict,
      `${spread(cpu)} (floor ${spread(pick(floor, (r) => r.serverCpu))}) · ${fmt(
        ratio((r) => r.serverCpu),
        2,
      )}×`,
      cpuVerdict,
      `${fmt(median(pick(gw, (r) => r.deliveredPerS)))} of ${fmt(scenario.clients * scenario.rate)} (floor ${fmt(median(pick(floor, (r) => r.deliveredPerS)))}) · ${fmt(tputRatio, 2)}×` +
        `${keptPace ? "" : " — **requested rate not reached**"}${complete ? "" : " — **events missing**"}`,
      `${fmt(usPerDelivery, 1)} (floor ${fmt(median(pick(floor, (r) => r.cpuUsPerDelivery)), 1)}) · ${fmt(
        ratio((r) => r.cpuUsPerDelivery),
        2,
      )}×`,
      `delivered ${fmt(tputRatio, 2)}×: ${yesNo(tputRatio >= TARGET_THROUGHPUT_RATIO && complete)} · capacity ${fmt(capacityRatio, 2)}×: ${yesNo(capacityRatio >= TARGET_THROUGHPUT_RATIO)}`,
    ]);
  }
  const summary = table(
    [
      "clients × events/s",
      "gateway p99 ms, each rep (floor) · ratio of medians",
      "p99 target",
      "gateway CPU % of 1 core (floor) · ratio",
      "CPU target",
      "delivered/s, median (floor) · ratio",
      "server CPU µs per delivery (floor) · ratio",
      `throughput ≥ ${TARGET_THROUGHPUT_RATIO}× floor: delivered/s · capacity (floor µs ÷ gateway µs per delivery)`,
    ],
    summaryRows,
  );
  return { summary, detail };
}

function idleTable(idle) {
  return table(
    [
      "server",
      "connections",
      "RSS before → after MB",
      "RSS KB / connection",
      "heap KB / conn",
      "external KB / conn",
      "connect time s",
      "target",
    ],
    idle.map((r) => [
      KIND_LABEL[r.kind] ?? r.kind,
      fmt(r.connected),
      `${fmt(r.before.procRss / 2 ** 20, 1)} → ${fmt(r.after.procRss / 2 ** 20, 1)}`,
      fmt(r.rssKbPer, 2),
      fmt(r.heapKbPer, 2),
      fmt(r.externalKbPer, 2),
      fmt(r.connectSeconds, 1),
      r.kind === "gateway" ? `≤ ${TARGET_IDLE_KB} KB: ${yesNo(r.rssKbPer <= TARGET_IDLE_KB)}` : "—",
    ]),
  );
}

// ---- main -------------------------------------------------------------------------------------

const startedAt = performance.now();
const busyBefore = await machineBusyPercent();
const clients = await Promise.all(
  Array.from({ length: CLIENT_PROCS }, () => spawnChild(new URL("./clients.mjs", import.meta.url))),
);
const runs = [];
const idle = [];
try {
  if (flags.only !== "idle") {
    for (let rep = 1; rep <= REPS; rep++) {
      // Alternate which server goes first, so a drift in background load does not favour one.
      const order = rep % 2 ? KINDS : [...KINDS].reverse();
      for (const scenario of SCENARIOS) {
        for (const kind of order) {
          const result = await fanoutRun(clients, kind, scenario);
          runs.push({ ...result, rep });
          process.stderr.write(
            `${label(scenario)} ${kind} rep ${rep}: ${fmt(result.deliveredPerS)}/${fmt(result.expectedPerS)} ev/s, ` +
              `p50 ${fmt(result.latency.p50, 2)} p99 ${fmt(result.latency.p99, 2)} p99.9 ${fmt(result.latency["p99.9"], 2)} ms, ` +
              `server CPU ${fmt(result.serverCpu, 1)}%, other ${fmt(result.otherCpu, 0)}%\n`,
          );
        }
      }
    }
  }
  if (flags.only !== "fanout") {
    for (const kind of KINDS.filter((k) => k !== "floor-frame")) {
      const result = await idleRun(clients, kind);
      idle.push(result);
      process.stderr.write(
        `idle ${kind}: ${fmt(result.connected)} connections, ${fmt(result.rssKbPer, 2)} KB RSS each\n`,
      );
    }
  }
} finally {
  await Promise.all(clients.map(stopChild));
}

const offsets = clients.map((c) => c.ready.clockOffsetMs);
const skewUs = (Math.max(...offsets) - Math.min(...offsets)) * 1000;
const sections = [`# Gateway benchmark\n\n${runHeader(command)}`];
if (runs.length) {
  const { summary, detail } = fanoutTables(runs);
  sections.push(`## Fan-out: targets\n\n${summary}`);
  sections.push(`## Fan-out: every run\n\n${detail}`);
}
if (idle.length) sections.push(`## Idle connections\n\n${idleTable(idle)}`);
sections.push(
  [
    "## Method",
    "",
    `- Servers: each measurement starts a fresh child process. **gateway**: \`createGateway\` + \`listenGateway\` on a MemoryBus,`,
    "  auth on (one static token sent as `Authorization: Bearer`), native dialect, default limits except",
    "  `maxConnectionsPerIp: 20000`, runtime's metrics registry. Events are published with `bus.publish()` inside the gateway",
    "  process (bus → hub → encode once → each session's outbound queue → ws). **floor**: a bare `ws` WebSocketServer",
    "  that JSON-serializes each event once and calls `ws.send(sameBuffer)` for every client (ws builds the 2–4 byte",
    "  header per socket). **floor, framed once**: `WebSocket.Sender.frame()` once per event and the private",
    "  `sender.sendFrame()` per socket (header shared too).",
    `- Load: \`custom.bench\` events of about 400 bytes shaped like system.stats, paced at the scenario's rate by the same`,
    "  loop in every server; `data.sent_at` = `performance.timeOrigin + performance.now()` at publish. Gateway clients",
    "  subscribe (`snapshot:false`) before the run; floor clients just connect.",
    `- Clients: ${CLIENT_PROCS} child processes (the same ones for every server) with the connections split evenly; each`,
    "  finds `sent_at` by a byte search (no JSON.parse) and records now − sent_at in a 10 µs-bucket histogram for",
    `  events stamped inside the window. Clock offset between processes (timeOrigin+now vs CLOCK_MONOTONIC): ${fmt(skewUs, 1)} µs.`,
    `- Window: ${WARMUP_S} s warm-up, ${SECONDS} s measured, ${REPS} repetition(s); servers alternate order between reps.`,
    "  delivered/s counts events stamped in the window that reached a client; expected = events published in the",
    "  window × clients; published/s below the requested rate means the server (or the machine) could not keep the",
    "  pace — each server publishes one event per macrotask, so its fan-out finishes before the next event is stamped.",
    "  CPU: utime+stime from /proc/<pid>/stat over the window (all threads), as % of one core, split user + sys (sys is",
    "  mostly the kernel's loopback TCP path, which also runs the receiving side's network stack); µs / delivery =",
    "  server CPU time ÷ deliveries. RSS: VmRSS at the window's end. `other CPU %` = machine-wide busy time (/proc/stat) not used by",
    "  the server or the clients — other work on this shared machine during the window (200% = both cores).",
    "  `publish lag` = how late the server's pacing timer published behind schedule (event-loop stalls the",
    "  sent_at stamp cannot show).",
    `- Noise: before the run the machine was already ${fmt(busyBefore, 0)}% busy (of 200%); during the windows, other work`,
    `  took ${runs.length ? `${fmt(Math.min(...runs.map((r) => r.otherCpu)), 0)}–${fmt(Math.max(...runs.map((r) => r.otherCpu)), 0)}%` : "—"} (\`other CPU %\`). Latency and published/s suffer first when the`,
    "  machine is short of CPU; CPU µs per delivery (and so the gateway/floor ratios) much less.",
    `- Idle: ${fmt(IDLE)} connections from 127.0.0.1–4 (gateway clients subscribed to custom.bench, no events), server`,
    "  started with `--expose-gc`; RSS (/proc VmRSS) after 3 forced GCs, before and after connecting.",
    `- A full run (3 scenarios × 3 servers × 3 reps, then idle) takes 8–9 minutes on this shared 2-core machine, \`--quick\` about 1 minute; this run took ${fmt((performance.now() - startedAt) / 1000)} s.`,
  ].join("\n"),
);
const report = `${sections.join("\n\n")}\n`;
process.stdout.write(`\n${report}\n`);
await writeFile(flags.out ?? new URL("../results/gateway.md", import.meta.url), report);
