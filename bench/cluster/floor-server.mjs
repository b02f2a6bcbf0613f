// The floor of the cluster benchmark: the least a server can do for this fan-out. A bare `ws`
// server holding one ioredis SUBSCRIBE to the bus's pub/sub channel (`<prefix>:ev:custom.bench`)
// that hands each Redis message, as the Buffer ioredis read it, to `ws.send()` of every socket:
// no auth, no protocol, no decode or encode (clients find `sent_at` in the bus's batch JSON).
// Whatever a real server adds costs on top of this, so floor ÷ peer bounds any ratio to the peer.
//
//   node bench/cluster/floor-server.mjs --redis-url URL [--key-prefix ww]
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { CHANNEL } from "../gateway/payload.mjs";
import { wallMs } from "../lib/proc.mjs";

const { Redis } = createRequire(new URL("../../packages/bus/package.json", import.meta.url))("ioredis");
const WebSocket = createRequire(new URL("../../packages/gateway/package.json", import.meta.url))("ws");

const { values: flags } = parseArgs({
  options: { "redis-url": { type: "string" }, "key-prefix": { type: "string", default: "ww" } },
});

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocket.WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
const sockets = new Set();
wss.on("connection", (ws) => {
  sockets.add(ws);
  ws.on("close", () => sockets.delete(ws));
  ws.on("error", () => {});
});
const redis = new Redis(flags["redis-url"]);
await redis.subscribe(`${flags["key-prefix"]}:ev:${CHANNEL}`);
redis.on("messageBuffer", (_channel, message) => {
  for (const ws of sockets) ws.send(message, { binary: false });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

process.on("message", (message) => {
  if (message.cmd === "exit") process.exit(0);
});
process.on("disconnect", () => process.exit(0));
process.send({
  type: "ready",
  port: server.address().port,
  clockOffsetMs: wallMs() - Number(process.hrtime.bigint()) / 1e6,
});
