// A client process of the fan-out benchmark: holds many `ws` clients, driven over IPC.
// Each client reads `data.sent_at` from every event frame (a byte search, no JSON.parse, so
// the clients cost as little CPU as possible and the same against every server) and records
// wall-clock now − sent_at into a histogram, for events stamped inside the measurement window.
import { createRequire } from "node:module";
import { createHistogram } from "../lib/histogram.mjs";
import { wallMs } from "../lib/proc.mjs";
import { CHANNEL, SENT_AT } from "./payload.mjs";

const require = createRequire(new URL("../../packages/gateway/package.json", import.meta.url));
const WebSocket = require("ws");

const SENT_AT_BYTES = Buffer.from(SENT_AT);
let sockets = [];
let hist = createHistogram();
let window = { start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
let outside = 0;
let perClient = [];
let closes = {};

function onFrame(index, data) {
  const at = data.indexOf(SENT_AT_BYTES);
  if (at < 0) return false;
  const now = wallMs();
  const from = at + SENT_AT_BYTES.length;
  const sentAt = Number.parseFloat(data.toString("latin1", from, from + 24));
  if (sentAt >= window.start && sentAt < window.end) {
    hist.record(now - sentAt);
    perClient[index]++;
  } else outside++;
  return true;
}

/** Opens one client; resolves when it is ready to receive (subscribed, for the gateway). */
function open(index, { url, token, subscribe, localAddress }) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
      ...(localAddress ? { localAddress } : {}),
    });
    let settled = false;
    const done = (result) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    ws.on("open", () => {
      if (!subscribe) return done({ ok: true });
      ws.send(JSON.stringify({ type: "subscribe", channel: CHANNEL, snapshot: false }));
    });
    ws.on("message", (data) => {
      if (onFrame(index, data)) return;
      const text = data.toString();
      if (text.includes('"subscription_ack"')) done({ ok: true });
      else if (text.includes('"error"')) done({ ok: false, error: text.slice(0, 200) });
    });
    ws.on("unexpected-response", (_req, res) => done({ ok: false, error: `HTTP ${res.statusCode}` }));
    ws.on("error", (err) => done({ ok: false, error: err.code ?? err.message }));
    ws.on("close", (code) => {
      closes[code] = (closes[code] ?? 0) + 1;
      done({ ok: false, error: `closed ${code}` });
    });
    sockets[index] = ws;
  });
}

async function connect(message) {
  sockets = new Array(message.count);
  perClient = new Array(message.count).fill(0);
  hist = createHistogram();
  outside = 0;
  closes = {};
  window = { start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
  const errors = {};
  let ok = 0;
  let next = 0;
  const addresses = message.localAddresses ?? [];
  const worker = async () => {
    while (next < message.count) {
      const index = next++;
      const localAddress = addresses.length ? addresses[index % addresses.length] : undefined;
      const result = await open(index, { ...message, localAddress });
      if (result.ok) ok++;
      else errors[result.error] = (errors[result.error] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: message.concurrency ?? 64 }, worker));
  return { open: ok, failed: message.count - ok, errors };
}

async function closeAll() {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise((resolve) => {
          if (!ws || ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once("close", resolve);
          ws.terminate();
        }),
    ),
  );
  sockets = [];
}

process.on("message", async (message) => {
  switch (message.cmd) {
    case "connect":
      process.send({ type: "connected", ...(await connect(message)) });
      break;
    case "window":
      window = { start: message.start, end: message.end };
      break;
    case "report": {
      const counts = perClient.length ? perClient : [0];
      process.send({
        type: "report",
        hist: hist.toJSON(),
        delivered: hist.count,
        minPerClient: Math.min(...counts),
        maxPerClient: Math.max(...counts),
        outside,
        closes,
        open: sockets.filter((ws) => ws?.readyState === WebSocket.OPEN).length,
      });
      break;
    }
    case "close":
      await closeAll();
      process.send({ type: "closed" });
      break;
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready", clockOffsetMs: wallMs() - Number(process.hrtime.bigint()) / 1e6 });
