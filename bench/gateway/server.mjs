// One server of the fan-out benchmark, run as a child process (so its CPU and RSS are its own),
// driven by the parent over IPC. `--kind`:
//   gateway     createGateway + listenGateway on a MemoryBus, auth on (one static token), the
//               native dialect; events enter with bus.publish() in this process, so each goes
//               bus → hub → encode once → every subscribed session's outbound queue → ws.
//   floor       a bare `ws` WebSocketServer: per event, JSON.stringify once, Buffer.from once,
//               then ws.send(sameBuffer, { binary: false }) to every client (ws builds a 2–4
//               byte header per socket and writes [header, payload] without copying the payload).
//   floor-frame the same, but framed once: WebSocket.Sender.frame() once per event, then each
//               socket's (private) sender.sendFrame(frames) — header and payload shared.
// Both publish the same envelope (type, channel, host, seq, epoch, timestamp, data) with the same
// data, paced by the same loop, stamped with `data.sent_at` = wall clock at publish.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { createMemoryBus, silentLogger } from "../../packages/bus/dist/index.js";
import { createGateway, createNativeDialect, listenGateway } from "../../packages/gateway/dist/index.js";
import { createMetricsRegistry } from "../../packages/runtime/dist/index.js";
import { publishPaced } from "../lib/paced.mjs";
import { wallMs } from "../lib/proc.mjs";
import { benchData, CHANNEL, HOST } from "./payload.mjs";

const require = createRequire(new URL("../../packages/gateway/package.json", import.meta.url));
const WebSocket = require("ws");

const { values: flags } = parseArgs({
  options: { kind: { type: "string" }, token: { type: "string" }, "max-per-ip": { type: "string" } },
});
const kind = flags.kind;

/** @returns {Promise<{ port: number, publish(i: number, sentAt: number): void, connections(): number }>} */
async function startGateway() {
  const bus = createMemoryBus({ logger: silentLogger });
  const metrics = createMetricsRegistry({ version: "bench" });
  const gateway = createGateway({
    bus,
    hostName: HOST,
    auth: { mode: "token", tokens: [{ name: "bench", token: flags.token, permissions: ["read"] }] },
    limits: { maxConnectionsPerIp: Number(flags["max-per-ip"] ?? 20_000) },
    registry: metrics.registry,
    dialects: [createNativeDialect()],
  });
  const listening = await listenGateway(gateway, { host: "127.0.0.1", port: 0 });
  return {
    port: listening.port,
    publish(i, sentAt) {
      bus.publish({ channel: CHANNEL, host: HOST, data: benchData(i, sentAt) });
    },
    connections: () => gateway.stats().connections,
  };
}

async function startFloor(frameOnce) {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocket.WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
  const sockets = new Set();
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const epoch = `${Date.now().toString(16)}-bench`;
  const frameOptions = { fin: true, rsv1: false, opcode: 0x01, mask: false, readOnly: true };
  return {
    port: server.address().port,
    publish(i, sentAt) {
      const event = {
        type: CHANNEL,
        channel: CHANNEL,
        host: HOST,
        seq: i + 1,
        epoch,
        timestamp: new Date(sentAt).toISOString(),
        data: benchData(i, sentAt),
      };
      const payload = Buffer.from(JSON.stringify(event), "utf8");
      if (frameOnce) {
        const frames = WebSocket.Sender.frame(payload, frameOptions);
        for (const ws of sockets) if (ws.readyState === 1) ws._sender.sendFrame(frames);
      } else {
        for (const ws of sockets) ws.send(payload, { binary: false });
      }
    },
    connections: () => sockets.size,
  };
}

const server = kind === "gateway" ? await startGateway() : await startFloor(kind === "floor-frame");

process.on("message", async (message) => {
  switch (message.cmd) {
    case "publish":
      process.send({ type: "published", ...(await publishPaced(server.publish, message)) });
      break;
    case "mem":
      if (message.gc && global.gc) for (let n = 0; n < 3; n++) global.gc();
      await new Promise((resolve) => setTimeout(resolve, 200));
      process.send({ type: "mem", memory: process.memoryUsage(), connections: server.connections() });
      break;
    case "exit":
      process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({
  type: "ready",
  port: server.port,
  clockOffsetMs: wallMs() - Number(process.hrtime.bigint()) / 1e6,
});
