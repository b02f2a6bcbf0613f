// The peer of the cluster benchmark: one Socket.IO 4 server with @socket.io/redis-adapter, run
// as a child process (so its CPU and RSS are its own), driven by the parent over IPC.
// Set up the way Socket.IO's docs show for several nodes: `createAdapter(pubClient, subClient)`
// with two ioredis connections (the same Redis client library wirewatch's bus uses) on the
// benchmark's Redis; otherwise Socket.IO's defaults (pingInterval 25 s, no compression).
// Clients authenticate with a token in the handshake's `auth` (checked in a middleware, like the
// gateway checks its bearer token) and emit `subscribe` with an ack to join the room.
//
//   node bench/cluster/sio-server.mjs --redis-url redis://127.0.0.1:PORT --token TOKEN
import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { wallMs } from "../lib/proc.mjs";

const require = createRequire(new URL("../../packages/bus/package.json", import.meta.url));
const { Redis } = require("ioredis");

const { values: flags } = parseArgs({
  options: { "redis-url": { type: "string" }, token: { type: "string" } },
});
const expected = Buffer.from(flags.token ?? "");

const pubClient = new Redis(flags["redis-url"]);
const subClient = pubClient.duplicate();
await Promise.all([pubClient, subClient].map((c) => new Promise((resolve) => c.once("ready", resolve))));

const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient) });
io.use((socket, next) => {
  const given = Buffer.from(String(socket.handshake.auth?.token ?? ""));
  if (given.length === expected.length && timingSafeEqual(given, expected)) next();
  else next(new Error("unauthorized"));
});
io.on("connection", (socket) => {
  socket.on("subscribe", (room, ack) => {
    if (typeof room !== "string" || typeof ack !== "function") return;
    socket.join(room);
    ack({ status: "subscribed", channels: [room] });
  });
});
await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));

process.on("message", (message) => {
  if (message.cmd === "exit") {
    io.close();
    pubClient.disconnect();
    subClient.disconnect();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({
  type: "ready",
  port: httpServer.address().port,
  clockOffsetMs: wallMs() - Number(process.hrtime.bigint()) / 1e6,
});
