// The collectors of bench:exporter, in their own process: publishes N synthetic hosts'
// system.stats and storage.status onto the bench's Redis with a RedisBus, as N host collectors
// would. IPC (bench/lib/children.mjs protocol):
//   { cmd: "fill", hosts }               → one system.stats + one storage.status for every host not yet filled → { type: "filled" }
//   { cmd: "live", hosts, periodMs }     → every host's system.stats once per periodMs, spread evenly over the period,
//                                          its storage.status every 10th period → { type: "live" }
//   { cmd: "stop" }                      → ends the live loop → { type: "stopped", published, errors, maxLagMs }
//   { cmd: "exit" }
import { createRedisBus, waitForReady } from "../../packages/bus/dist/index.js";
import { statsDraft, storageDraft } from "./synthetic-hosts.mjs";

const bus = createRedisBus({ redisUrl: process.argv[2] });
await waitForReady(bus, 10_000);

let filled = 0;
let tick = 1;
let live;
let errors = 0;
const pending = new Set();
const publish = (draft) => {
  const p = bus.publish(draft).catch(() => errors++);
  pending.add(p);
  p.finally(() => pending.delete(p));
};
const drain = async () => {
  while (pending.size > 0) await Promise.all([...pending]);
};

/** Publishes host h's events when due: host h at start + (k + h / hosts) × periodMs for k = 0, 1, … */
function startLive(hosts, periodMs) {
  const start = performance.now();
  const next = new Array(hosts).fill(0);
  const state = { published: 0, maxLagMs: 0, stop: false };
  const loop = () => {
    if (state.stop) return;
    const now = performance.now();
    for (let h = 0; h < hosts; h++) {
      const due = start + (next[h] + h / hosts) * periodMs;
      if (due > now) continue;
      state.maxLagMs = Math.max(state.maxLagMs, now - due);
      publish(statsDraft(h, tick + next[h]));
      if ((next[h] + h) % 10 === 0) publish(storageDraft(h, tick + next[h]));
      state.published++;
      next[h]++;
    }
    setTimeout(loop, 5);
  };
  loop();
  return state;
}

process.on("message", async (message) => {
  if (message.cmd === "fill") {
    for (; filled < message.hosts; filled++) {
      publish(statsDraft(filled, 0));
      publish(storageDraft(filled, 0));
    }
    await drain();
    process.send({ type: "filled", hosts: filled, errors });
  } else if (message.cmd === "live") {
    live = startLive(message.hosts, message.periodMs);
    process.send({ type: "live" });
  } else if (message.cmd === "stop") {
    live.stop = true;
    await drain();
    tick += 1000;
    process.send({ type: "stopped", published: live.published, errors, maxLagMs: live.maxLagMs });
  } else if (message.cmd === "exit") {
    await bus.close();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready" });
