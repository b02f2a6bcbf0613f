// The publisher of the cluster benchmark, a child process driven over IPC: publishes paced
// `custom.bench` events (bench/gateway/payload.mjs, `data.sent_at` = wall clock at publish) to
// Redis the way each system's own external publisher does.
//   --kind wirewatch  RedisBus.publish() (packages/bus): the Lua script assigns seq, keeps the
//                     history and PUBLISHes — the path a collector's events take to the replicas.
//   --kind peer       @socket.io/redis-emitter (Socket.IO's documented way to emit from a
//                     process that is not a Socket.IO server): `emitter.to(room).emit("event", e)`
//                     with the same envelope wirewatch puts on the wire (type, channel, host, seq,
//                     epoch, timestamp, data), on an ioredis connection.
//
//   node bench/cluster/publisher.mjs --kind wirewatch|peer --redis-url URL [--key-prefix ww]
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { Emitter } from "@socket.io/redis-emitter";
import { createRedisBus, silentLogger, waitForReady } from "../../packages/bus/dist/index.js";
import { benchData, CHANNEL, HOST } from "../gateway/payload.mjs";
import { publishPaced } from "../lib/paced.mjs";
import { wallMs } from "../lib/proc.mjs";

const { values: flags } = parseArgs({
  options: {
    kind: { type: "string" },
    "redis-url": { type: "string" },
    "key-prefix": { type: "string", default: "ww" },
  },
});

let failed = 0;
const fail = () => {
  failed++;
};

async function wirewatchPublisher() {
  const bus = createRedisBus({
    redisUrl: flags["redis-url"],
    keyPrefix: flags["key-prefix"],
    logger: silentLogger,
  });
  await waitForReady(bus);
  return {
    publish(i, sentAt) {
      bus.publish({ channel: CHANNEL, host: HOST, data: benchData(i, sentAt) }).catch(fail);
    },
    close: () => bus.close(),
  };
}

async function peerPublisher() {
  const require = createRequire(new URL("../../packages/bus/package.json", import.meta.url));
  const { Redis } = require("ioredis");
  const redis = new Redis(flags["redis-url"]);
  redis.on("error", fail);
  await new Promise((resolve) => redis.once("ready", resolve));
  const room = new Emitter(redis).to(CHANNEL);
  const epoch = `${Date.now().toString(16)}-bench`;
  return {
    publish(i, sentAt) {
      room.emit("event", {
        type: CHANNEL,
        channel: CHANNEL,
        host: HOST,
        seq: i + 1,
        epoch,
        timestamp: new Date(sentAt).toISOString(),
        data: benchData(i, sentAt),
      });
    },
    close: async () => {
      await redis.quit();
    },
  };
}

const publisher = flags.kind === "wirewatch" ? await wirewatchPublisher() : await peerPublisher();

process.on("message", async (message) => {
  switch (message.cmd) {
    case "publish": {
      const result = await publishPaced(publisher.publish, message);
      process.send({ type: "published", ...result, failed });
      break;
    }
    case "exit":
      await publisher.close().catch(() => {});
      process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready", clockOffsetMs: wallMs() - Number(process.hrtime.bigint()) / 1e6 });
