// Cluster benchmark (issue 4): N clients × R events/s fanned out by wirewatch gateway replicas on
// a Redis bus, and in the same run the same fan-out by Socket.IO servers with
// @socket.io/redis-adapter on the same Redis (the peer most Node teams would pick), through one
// and through two replicas, beside a floor (a bare ws server forwarding Redis messages). Prints
// markdown tables and writes bench/results/cluster.md.
//
//   pnpm bench:cluster                (builds first; the default run takes about 10 minutes)
//   node bench/cluster/run.mjs [--clients 10000,2000] [--rate 5] [--seconds 30] [--warmup 5]
//        [--replicas 1,2] [--kinds wirewatch,peer,floor] [--client-procs 4] [--reps 1] [--drain 20]
//        [--profile DIR] [--out FILE]
//   smoke check: node bench/cluster/run.mjs --clients 200 --seconds 3 --warmup 1 --out /tmp/c.md
//
// --clients: a list of sizes, each run with every --replicas count and every --kinds system.
// --profile DIR: a V8 CPU profile of every server (their top frames inside the window are added to
// the report; CPU figures then include the profiler's overhead).
//
// One redis-server (testkit's startRedis, a free loopback port) serves every scenario. For each
// scenario the servers and the publisher are fresh child processes; the clients live in
// --client-procs other processes (bench/gateway/clients.mjs), the same ones for every scenario,
// each spreading its clients evenly over the replicas.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve as resolvePath } from "node:path";
import { parseArgs } from "node:util";
import { freePort, GATEWAY_MAIN, startClusterApp, startRedis } from "../../packages/testkit/dist/index.js";
import {
  askAll,
  closeClients,
  connectClients,
  nextMessage,
  spawnChild,
  stopChild,
} from "../lib/children.mjs";
import { summarizeProfile } from "../lib/cpuprofile.mjs";
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
    clients: { type: "string", default: "10000,2000" },
    rate: { type: "string", default: "5" },
    seconds: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    replicas: { type: "string", default: "1,2" },
    kinds: { type: "string", default: "wirewatch,peer,floor" },
    "client-procs": { type: "string", default: "4" },
    reps: { type: "string", default: "1" },
    drain: { type: "string", default: "20" },
    profile: { type: "string" },
    out: { type: "string" },
  },
});
const list = (text) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const SIZES = list(flags.clients).map(Number);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const WARMUP_S = Number(flags.warmup);
const REPLICAS = list(flags.replicas).map(Number);
const KINDS = list(flags.kinds);
const CLIENT_PROCS = Number(flags["client-procs"]);
const REPS = Number(flags.reps);
const DRAIN_S = Number(flags.drain);
const PROFILE_DIR = flags.profile ? resolvePath(flags.profile) : undefined;
/** Starts the V8 profiler inside each server (Node refuses `--cpu-prof` in NODE_OPTIONS). */
const PROFILE_HOOK = new URL("../lib/cpu-prof-hook.mjs", import.meta.url).href;
const TARGET_EFFICIENCY_RATIO = 3;
const TOKEN = randomBytes(24).toString("base64url");
const KEY_PREFIX = "ww";
const HOST = "127.0.0.1";
/** Source addresses of the clients, so 10k connections never run short of ephemeral ports. */
const LOCAL_ADDRESSES = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"];
const command = `node bench/cluster/run.mjs ${process.argv.slice(2).join(" ")}`.trim();
const KIND_LABEL = {
  wirewatch: "wirewatch gateway",
  peer: "Socket.IO + redis-adapter",
  floor: "floor: bare ws, one SUBSCRIBE",
};

for (const kind of KINDS)
  if (!KIND_LABEL[kind]) throw new Error(`unknown kind ${kind} (${Object.keys(KIND_LABEL).join(", ")})`);

// ---- servers ----------------------------------------------------------------------------------

/** The redis-server's pid: the process whose command line names its port (testkit keeps it private). */
function redisPid(port) {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes("redis-server") && cmdline.includes(`:${port}`)) return Number(entry);
    } catch {}
  }
  throw new Error(`no redis-server process for port ${port}`);
}

const unexpectedExits = [];
/** wallMs() − the monotonic clock (process.hrtime), which V8 profile timestamps use. */
const CLOCK_OFFSET_MS = wallMs() - Number(process.hrtime.bigint()) / 1e6;

/**
 * `replicas` wirewatch gateway apps (apps/gateway/dist/main.js) on the shared Redis, configured
 * through the environment like `pnpm cluster` does, plus a per-IP limit of 20 000 and a read-only
 * token. Resolves once every /readyz answers 200.
 */
async function startGateways(redisUrl, replicas) {
  return Promise.all(
    Array.from({ length: replicas }, async (_, i) => {
      const [port, adminPort] = [await freePort(HOST), await freePort(HOST)];
      const app = await startClusterApp({
        name: `gateway-${i + 1}`,
        main: GATEWAY_MAIN,
        builtBy: "@wirewatch/gateway-app",
        adminPort,
        stopTimeoutMs: 15_000,
        onUnexpectedExit: (exit) => unexpectedExits.push(exit),
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/",
          ...(PROFILE_DIR ? { NODE_OPTIONS: `--import=${PROFILE_HOOK}`, CPU_PROF_DIR: PROFILE_DIR } : {}),
          WIREWATCH_REDIS_URL: redisUrl,
          WIREWATCH_BUS__REDIS__KEY_PREFIX: KEY_PREFIX,
          WIREWATCH_PORT: String(port),
          WIREWATCH_GATEWAY__HOST: HOST,
          WIREWATCH_GATEWAY__MAX_CONNECTIONS_PER_IP: "20000",
          WIREWATCH_AUTH__TOKENS: JSON.stringify([{ name: "bench", token: TOKEN, permissions: ["read"] }]),
          WIREWATCH_COLLECTOR__HOSTNAME: `gateway-${i + 1}`,
          WIREWATCH_ADMIN__HOST: HOST,
          WIREWATCH_ADMIN__PORT: String(adminPort),
          WIREWATCH_LOG__LEVEL: "warn",
          WIREWATCH_LOG__PRETTY: "false",
          WIREWATCH_SHUTDOWN__GRACE_MS: "10000",
        },
      });
      return { pid: app.pid, url: `ws://${HOST}:${port}/api/v1/ws`, stop: () => app.kill() };
    }),
  );
}

/**
 * `replicas` child-process servers (`script` with `args`) answering `ready` with their port:
 * the Socket.IO servers (sio-server.mjs) or the floor (floor-server.mjs).
 */
async function startChildren(script, args, replicas, scheme) {
  const execArgv = PROFILE_DIR ? [`--import=${PROFILE_HOOK}`] : [];
  return Promise.all(
    Array.from({ length: replicas }, async () => {
      const handle = await spawnChild(new URL(script, import.meta.url), args, execArgv);
      return {
        pid: handle.pid,
        url: `${scheme}://${HOST}:${handle.ready.port}`,
        stop: () => stopChild(handle),
      };
    }),
  );
}

function startServers(kind, redisUrl, replicas) {
  if (kind === "wirewatch") return startGateways(redisUrl, replicas);
  if (kind === "peer")
    return startChildren("./sio-server.mjs", ["--redis-url", redisUrl, "--token", TOKEN], replicas, "http");
  return startChildren(
    "./floor-server.mjs",
    ["--redis-url", redisUrl, "--key-prefix", KEY_PREFIX],
    replicas,
    "ws",
  );
}

// ---- one scenario -----------------------------------------------------------------------------

/**
 * Waits until every event of the window arrived, or the clients received nothing new for 1.5 s,
 * or `DRAIN_S` passed: what is still missing then counts as lost.
 */
async function drain(clients, expected) {
  const deadline = wallMs() + DRAIN_S * 1000;
  let last = -1;
  let still = 0;
  while (wallMs() < deadline) {
    const counts = await askAll(clients, { cmd: "count" }, "count");
    const total = counts.reduce((n, c) => n + c.delivered, 0);
    if (total >= expected) return;
    still = total === last ? still + 1 : 0;
    if (still >= 3) return;
    last = total;
    await sleep(500);
  }
}

async function scenarioRun(clients, redis, kind, replicas, count) {
  const servers = await startServers(kind, redis.url, replicas);
  // The floor is fed by the wirewatch publisher (RedisBus.publish) and forwards its messages.
  const publisher = await spawnChild(new URL("./publisher.mjs", import.meta.url), [
    "--kind",
    kind === "peer" ? "peer" : "wirewatch",
    "--redis-url",
    redis.url,
    "--key-prefix",
    KEY_PREFIX,
  ]);
  try {
    const connectStarted = performance.now();
    const connected = await connectClients(
      clients,
      {
        protocol: kind === "peer" ? "socket.io" : "ws",
        urls: servers.map((s) => s.url),
        token: kind === "floor" ? undefined : TOKEN,
        subscribe: kind !== "floor",
        localAddresses: LOCAL_ADDRESSES,
        concurrency: 64,
      },
      count,
      KIND_LABEL[kind],
    );
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    await sleep(1000);
    const windowStart = wallMs() + WARMUP_S * 1000;
    const windowEnd = windowStart + SECONDS * 1000;
    const stopAt = windowEnd + 500;
    for (const c of clients) c.child.send({ cmd: "window", start: windowStart, end: windowEnd });
    const published = nextMessage(publisher.child, "published");
    publisher.child.send({ cmd: "publish", rate: RATE, windowStart, windowEnd, stopAt });
    await sleep(windowStart - wallMs());
    const serverPids = servers.map((s) => s.pid);
    const cpu = cpuWindow([...serverPids, publisher.pid, redis.pid, ...clients.map((c) => c.pid)]);
    await sleep(windowEnd - wallMs());
    const usage = cpu.stop();
    const rss = serverPids.reduce((n, pid) => n + rssBytes(pid).rss, 0);
    const pub = await published;
    const expected = pub.inWindow * connected;
    await drain(clients, expected);
    const reports = await askAll(clients, { cmd: "report" }, "report");
    await closeClients(clients);
    const latency = mergePercentiles(reports.map((r) => r.hist));
    const delivered = reports.reduce((n, r) => n + r.delivered, 0);
    const arrivedInWindow = reports.reduce((n, r) => n + r.arrivedInWindow, 0);
    const closes = {};
    for (const r of reports)
      for (const [code, n] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + n;
    const serverCpuPerReplica = serverPids.map((pid) => usage.perPid[pid]);
    const serverCpu = serverCpuPerReplica.reduce((a, b) => a + b, 0);
    const serverCpuSeconds = (serverCpu / 100) * usage.seconds;
    return {
      kind,
      replicas,
      serverPids,
      monoWindow: { fromMs: windowStart - CLOCK_OFFSET_MS, toMs: windowEnd - CLOCK_OFFSET_MS },
      clients: count,
      connected,
      connectSeconds,
      published: pub.inWindow,
      publishedPerS: pub.inWindow / SECONDS,
      publishFailed: pub.failed,
      publishLag: pub.lag,
      expected,
      delivered,
      deliveredPerS: delivered / SECONDS,
      expectedPerS: expected / SECONDS,
      lossPercent: expected ? ((expected - delivered) / expected) * 100 : Number.NaN,
      minPerClient: Math.min(...reports.map((r) => r.minPerClient)),
      arrivedInWindow,
      latency,
      serverCpu,
      serverCpuPerReplica,
      serverUser: serverPids.reduce((n, pid) => n + usage.detail[pid].user, 0),
      serverSystem: serverPids.reduce((n, pid) => n + usage.detail[pid].system, 0),
      serverCpuSeconds,
      perCpuSecond: arrivedInWindow / serverCpuSeconds,
      redisCpu: usage.perPid[redis.pid],
      publisherCpu: usage.perPid[publisher.pid],
      clientCpu: clients.reduce((n, c) => n + usage.perPid[c.pid], 0),
      otherCpu: usage.otherPercent,
      machineBusy: usage.machineBusyPercent,
      rss,
      closes,
    };
  } finally {
    await stopChild(publisher);
    await Promise.all(servers.map((s) => s.stop()));
  }
}

// ---- report -----------------------------------------------------------------------------------

const label = (r) => `${fmt(r.clients)} × ${fmt(RATE)}/s`;
const yesNo = (ok) => (ok ? "yes" : "**no**");
const median = (values) => {
  const s = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Kept up: every event of the window reached every client, at the requested pace, with p99 under 1 s. */
const keptUp = (r) =>
  r.lossPercent <= 0.1 &&
  r.publishedPerS >= RATE * 0.98 &&
  r.latency.p99 < 1000 &&
  !Object.keys(r.closes).length;

function detailTable(runs) {
  return table(
    [
      "clients × events/s",
      "server",
      "replicas",
      "rep",
      "published/s",
      "delivered/s (expected)",
      "lost % (not arrived after the drain)",
      "p50 ms",
      "p99 ms",
      "p99.9 ms",
      "max ms",
      "server CPU % of 1 core: sum (user + sys) [per replica]",
      "deliveries per server CPU-s",
      "Redis CPU %",
      "publisher CPU %",
      "clients CPU %",
      "other CPU %",
      "server RSS MB",
      "connect s",
      "closes",
    ],
    runs.map((r) => [
      label(r),
      KIND_LABEL[r.kind],
      r.replicas,
      r.rep,
      fmt(r.publishedPerS, 2),
      `${fmt(r.deliveredPerS)} (${fmt(r.expectedPerS)})`,
      fmt(r.lossPercent, 2),
      fmt(r.latency.p50, 1),
      fmt(r.latency.p99, 1),
      fmt(r.latency["p99.9"], 1),
      fmt(r.latency.max, 0),
      `${fmt(r.serverCpu, 1)} (${fmt(r.serverUser, 0)} + ${fmt(r.serverSystem, 0)})${
        r.replicas > 1 ? ` [${r.serverCpuPerReplica.map((c) => fmt(c, 1)).join(", ")}]` : ""
      }`,
      fmt(r.perCpuSecond),
      fmt(r.redisCpu, 1),
      fmt(r.publisherCpu, 1),
      fmt(r.clientCpu, 0),
      fmt(r.otherCpu, 0),
      fmt(r.rss / 2 ** 20, 0),
      fmt(r.connectSeconds, 1),
      Object.keys(r.closes).length ? JSON.stringify(r.closes) : "—",
    ]),
  );
}

function summaryTable(runs) {
  const rows = [];
  for (const size of SIZES) {
    for (const replicas of REPLICAS) {
      const of = (kind) =>
        runs.filter((r) => r.kind === kind && r.clients === size && r.replicas === replicas);
      const ww = of("wirewatch");
      const peer = of("peer");
      const floor = of("floor");
      if (!ww.length || !peer.length) continue;
      const m = (list, f) => median(list.map(f));
      const floorEff = m(floor, (r) => r.perCpuSecond);
      const effRatio = m(ww, (r) => r.perCpuSecond) / m(peer, (r) => r.perCpuSecond);
      const p99Ratio = m(ww, (r) => r.latency.p99) / m(peer, (r) => r.latency.p99);
      const kept = (list) => (list.every(keptUp) ? "yes" : "**no**");
      rows.push([
        `${fmt(size)} × ${fmt(RATE)}/s`,
        replicas,
        `${fmt(m(ww, (r) => r.deliveredPerS))} / ${fmt(m(peer, (r) => r.deliveredPerS))} of ${fmt(size * RATE)}`,
        `${fmt(
          m(ww, (r) => r.lossPercent),
          2,
        )} / ${fmt(
          m(peer, (r) => r.lossPercent),
          2,
        )}`,
        `${kept(ww)} / ${kept(peer)}`,
        `${fmt(
          m(ww, (r) => r.latency.p50),
          1,
        )} / ${fmt(
          m(peer, (r) => r.latency.p50),
          1,
        )}`,
        `${fmt(
          m(ww, (r) => r.latency.p99),
          1,
        )} / ${fmt(
          m(peer, (r) => r.latency.p99),
          1,
        )}`,
        `${fmt(
          m(ww, (r) => r.serverCpu),
          0,
        )} / ${fmt(
          m(peer, (r) => r.serverCpu),
          0,
        )}`,
        `${fmt(m(ww, (r) => r.perCpuSecond))} / ${fmt(m(peer, (r) => r.perCpuSecond))}`,
        `${fmt(effRatio, 2)}× — ≥ ${TARGET_EFFICIENCY_RATIO}×: ${yesNo(effRatio >= TARGET_EFFICIENCY_RATIO)}`,
        `${fmt(p99Ratio, 2)}× — lower: ${yesNo(p99Ratio < 1)}`,
        floor.length
          ? `${fmt(floorEff)} · ${fmt(floorEff / m(peer, (r) => r.perCpuSecond), 2)}× peer · wirewatch at ${fmt((m(ww, (r) => r.perCpuSecond) / floorEff) * 100, 0)}% of it`
          : "—",
      ]);
    }
  }
  return table(
    [
      "clients × events/s",
      "replicas",
      "delivered/s: wirewatch / peer",
      "lost %: wirewatch / peer",
      "kept up¹: wirewatch / peer",
      "p50 ms: wirewatch / peer",
      "p99 ms: wirewatch / peer",
      "server CPU % of 1 core (all replicas): wirewatch / peer",
      "deliveries per server CPU-s: wirewatch / peer",
      "efficiency ratio (target)",
      "p99 ratio (target)",
      "floor²: deliveries per server CPU-s · ÷ peer · wirewatch ÷ floor",
    ],
    rows,
  );
}

/** Top self-time frames of each server's profile, inside the measurement window. */
function profileSection(runs) {
  const files = new Map(
    readdirSync(PROFILE_DIR)
      .map((f) => [Number(f.match(/^CPU\.(\d+)\.cpuprofile$/)?.[1]), join(PROFILE_DIR, f)])
      .filter(([pid]) => pid),
  );
  const parts = [];
  for (const r of runs) {
    r.serverPids.forEach((pid, i) => {
      const file = files.get(pid);
      if (!file) return;
      const { totalMs, rows } = summarizeProfile(file, 20, { ...r.monoWindow, busyOnly: true });
      parts.push(
        `### ${KIND_LABEL[r.kind]}, ${r.replicas} replica(s), ${label(r)}, rep ${r.rep}, replica ${i + 1} (pid ${pid})\n\n` +
          `${fmt(totalMs)} ms of JS-thread busy time sampled in the window (kernel time inside a syscall counts for the JS frame that made it).\n\n` +
          table(
            ["self %", "self ms", "frame"],
            rows.map((row) => [fmt(row.percent, 1), fmt(row.ms, 0), `\`${row.frame}\``]),
          ),
      );
    });
  }
  return parts.join("\n\n");
}

// ---- main -------------------------------------------------------------------------------------

const startedAt = performance.now();
if (PROFILE_DIR) {
  await mkdir(PROFILE_DIR, { recursive: true });
  process.env.CPU_PROF_DIR = PROFILE_DIR; // inherited by the forked Socket.IO servers
}
const busyBefore = await machineBusyPercent();
const redis = await startRedis();
const redisHandle = { ...redis, url: redis.url, pid: redisPid(redis.port) };
const clients = await Promise.all(
  Array.from({ length: CLIENT_PROCS }, () => spawnChild(new URL("../gateway/clients.mjs", import.meta.url))),
);
const runs = [];
try {
  let turn = 0;
  for (let rep = 1; rep <= REPS; rep++) {
    for (const size of SIZES) {
      for (const replicas of REPLICAS) {
        // Alternate which system goes first, so a drift in background load favours neither.
        const order = turn++ % 2 ? [...KINDS].reverse() : KINDS;
        for (const kind of order) {
          const result = await scenarioRun(clients, redisHandle, kind, replicas, size);
          runs.push({ ...result, rep });
          process.stderr.write(
            `${label(result)} ${kind} × ${replicas} rep ${rep}: ${fmt(result.deliveredPerS)}/${fmt(result.expectedPerS)} ev/s ` +
              `(lost ${fmt(result.lossPercent, 2)}%), p50 ${fmt(result.latency.p50, 1)} p99 ${fmt(result.latency.p99, 1)} ms, ` +
              `server CPU ${fmt(result.serverCpu, 1)}%, ${fmt(result.perCpuSecond)} deliveries/CPU-s, ` +
              `redis ${fmt(result.redisCpu, 1)}%, clients ${fmt(result.clientCpu, 0)}%, other ${fmt(result.otherCpu, 0)}%` +
              `${Object.keys(result.closes).length ? `, closes ${JSON.stringify(result.closes)}` : ""}\n`,
          );
        }
      }
    }
  }
} finally {
  await Promise.all(clients.map(stopChild));
  await redis.stop();
}
if (unexpectedExits.length)
  process.stderr.write(`gateway exits nobody asked for:\n${JSON.stringify(unexpectedExits, null, 2)}\n`);

const offsets = clients.map((c) => c.ready.clockOffsetMs);
const skewUs = (Math.max(...offsets) - Math.min(...offsets)) * 1000;
const others = runs.map((r) => r.otherCpu);
const report = [
  `# Cluster benchmark\n\n${runHeader(command)}`,
  [
    "Machine: 2 shared cores (other work runs beside the benchmark: see `other CPU %`); the clients, the publisher,",
    "Redis and every server run on this one machine, so the load generator competes with the servers for the same two",
    "cores. Read the ratios between the systems measured in this run, not the absolute figures.",
  ].join("\n"),
  `## Targets\n\n${summaryTable(runs)}\n\n¹ kept up: every event published in the window reached every client (≤ 0.1% lost, no client dropped), published at the requested pace, p99 under 1 s.\n² floor: a bare \`ws\` server with one Redis SUBSCRIBE that forwards each bus message to every socket (no auth, no protocol, no encoding) — the least any server can spend per delivery here, so floor ÷ peer bounds every server's ratio to the peer.`,
  `## Every run\n\n${detailTable(runs)}`,
  [
    "## Method",
    "",
    `- One \`redis-server\` (testkit's \`startRedis\`, a free loopback port, no persistence) for every scenario. Per scenario`,
    "  fresh server processes and a fresh publisher process; the same client processes throughout.",
    "- **wirewatch**: `apps/gateway/dist/main.js` (the scaled-out gateway app: RedisBus, native dialect, admin endpoints), one",
    "  process per replica, configured through the environment as `pnpm cluster` does: `WIREWATCH_REDIS_URL`, auth on with one",
    "  read-only static token sent as `Authorization: Bearer`, `gateway.maxConnectionsPerIp` 20 000, other options default",
    "  (25 s WebSocket pings, slow-consumer limits on). Clients subscribe to `custom.bench` (`snapshot:false`). The publisher",
    "  process calls `RedisBus.publish()` (packages/bus): one Lua script assigns the seq, appends to the history and PUBLISHes;",
    "  each replica holds one SUBSCRIBE for the channel and fans out to its sockets.",
    "- **peer**: Socket.IO 4 servers (`bench/cluster/sio-server.mjs`), one process per replica, `@socket.io/redis-adapter`",
    "  (`createAdapter(pubClient, subClient)`, two ioredis connections: the same Redis client library wirewatch uses) on the",
    "  same Redis, Socket.IO defaults otherwise (25 s pings, no compression); a middleware checks the token from the",
    "  handshake's `auth`; clients emit `subscribe` with an ack and the server joins them to the `custom.bench` room. The",
    "  publisher uses `@socket.io/redis-emitter` — Socket.IO's documented way to emit from a process that is not a",
    '  Socket.IO server — `emitter.to("custom.bench").emit("event", envelope)` with the envelope wirewatch puts on the',
    '  wire (type, channel, host, seq, epoch, timestamp, data). Clients: `socket.io-client` with `transports: ["websocket"]`,',
    "  `forceNew` (one connection per client), no reconnection.",
    "- **floor**: `bench/cluster/floor-server.mjs`, a bare `ws` server per replica with one ioredis SUBSCRIBE to the bus's",
    "  pub/sub channel; each message (the bus's batch JSON, as the Buffer ioredis read) goes to `ws.send()` of every socket.",
    "  Fed by the wirewatch publisher. It shows the kernel's and ws's share: what no server can avoid.",
    `- Load: \`custom.bench\` events of about 400 bytes shaped like system.stats, ${fmt(RATE)}/s, paced by one loop`,
    "  (bench/lib/paced.mjs) in the publisher; `data.sent_at` = `performance.timeOrigin + performance.now()` at publish.",
    `- Clients: ${CLIENT_PROCS} child processes (bench/gateway/clients.mjs), each spreading its clients evenly over the replicas,`,
    "  from source addresses 127.0.0.1–4. wirewatch clients are bare `ws` clients that find `sent_at` by a byte search;",
    "  Socket.IO clients read it from the parsed event (socket.io-client parses every packet). Each records",
    `  now − sent_at in a histogram (10 µs buckets to 100 ms, 1 ms buckets to 10 s; beyond 10 s one bucket, whose percentiles`,
    `  read as the max) for events stamped inside the window. Clock offset between client processes: ${fmt(skewUs, 1)} µs.`,
    `- Window: ${WARMUP_S} s warm-up with events flowing, then ${SECONDS} s measured, ${REPS} repetition(s); the system that goes`,
    "  first alternates between scenarios. After the window the clients get up to",
    `  ${DRAIN_S} s to receive what is still in flight (until nothing new arrived for 1.5 s). delivered/s = events stamped in the`,
    "  window that reached a client ÷ window; expected = events published in the window × connected clients; lost = what",
    "  had not arrived by the end of the drain (late or dropped: `closes` tells whether a client was dropped).",
    "- CPU: utime+stime from /proc/<pid>/stat over the window (all threads), as % of one core. Server CPU is the sum over",
    "  the replicas. **Deliveries per server CPU-s** = events that arrived at a client during the window ÷ CPU seconds",
    "  the server processes used during the same window (the same interval on both sides of the division, so a",
    "  backlog carried into or out of the window does not count for or against a system). Redis, the publisher and",
    "  the clients are shown beside it; `other CPU %` = machine-wide busy time (/proc/stat) used by none of them —",
    "  other work on this shared machine (200% = both cores).",
    `- Noise: the machine was ${fmt(busyBefore, 0)}% busy (of 200%) before the run; other work took ${
      others.length ? `${fmt(Math.min(...others), 0)}–${fmt(Math.max(...others), 0)}%` : "—"
    } during the windows.`,
    `- ${PROFILE_DIR ? `**Profiled run** (V8 sampling profiler, 1 ms, in every server via bench/lib/cpu-prof-hook.mjs; profiles in ${PROFILE_DIR}): CPU figures include the profiler's overhead.` : "No profiler attached."} This run took ${fmt((performance.now() - startedAt) / 1000)} s.`,
  ].join("\n"),
  ...(PROFILE_DIR ? [`## Profiles (self time, window only)\n\n${profileSection(runs)}`] : []),
].join("\n\n");
process.stdout.write(`\n${report}\n`);
await writeFile(flags.out ?? new URL("../results/cluster.md", import.meta.url), `${report}\n`);
