// A client process of the fan-out benchmarks: holds many clients, driven over IPC.
// `protocol: "ws"` (default): `ws` clients; each reads `data.sent_at` from every event frame (a
// byte search, no JSON.parse, so the clients cost as little CPU as possible and the same against
// every server). `protocol: "socket.io"`: socket.io-client sockets (websocket transport only, one
// connection each) that emit `subscribe` with an ack and read `data.sent_at` from the parsed
// `event`. Both record wall-clock now − sent_at into a histogram for events stamped inside the
// measurement window, and count every event that arrived inside the window.
import { createRequire } from "node:module";
import { createHistogram } from "../lib/histogram.mjs";
import { wallMs } from "../lib/proc.mjs";
import { CHANNEL, SENT_AT } from "./payload.mjs";

const require = createRequire(new URL("../../packages/gateway/package.json", import.meta.url));
const WebSocket = require("ws");

const SENT_AT_BYTES = Buffer.from(SENT_AT);
/** One entry per client: `{ close(): Promise<void>, open(): boolean }`. */
let sockets = [];
let hist = createHistogram();
let window = { start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
let outside = 0;
let arrivedInWindow = 0;
let perClient = [];
let closes = {};

function record(index, sentAt, now) {
  if (now >= window.start && now < window.end) arrivedInWindow++;
  if (sentAt >= window.start && sentAt < window.end) {
    hist.record(now - sentAt);
    perClient[index]++;
  } else outside++;
}

function onFrame(index, data) {
  const at = data.indexOf(SENT_AT_BYTES);
  if (at < 0) return false;
  const now = wallMs();
  const from = at + SENT_AT_BYTES.length;
  record(index, Number.parseFloat(data.toString("latin1", from, from + 24)), now);
  return true;
}

const countClose = (code) => {
  closes[code] = (closes[code] ?? 0) + 1;
};

/** Opens one `ws` client; resolves when it is ready to receive (subscribed, for the gateway). */
function openWs(index, { url, token, subscribe, localAddress }) {
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
      countClose(code);
      done({ ok: false, error: `closed ${code}` });
    });
    sockets[index] = {
      open: () => ws.readyState === WebSocket.OPEN,
      close: () =>
        new Promise((closed) => {
          if (ws.readyState === WebSocket.CLOSED) return closed();
          ws.once("close", closed);
          ws.terminate();
        }),
    };
  });
}

let socketIo;
/**
 * Opens one socket.io-client socket: websocket transport only (no sticky sessions behind several
 * servers), its own connection (`forceNew`), no reconnection (a drop shows as a close), the
 * token in the handshake's `auth`; resolves once the server acknowledged `subscribe`.
 */
async function openSocketIo(index, { url, token, localAddress }) {
  socketIo ??= await import("socket.io-client");
  return new Promise((resolve) => {
    const socket = socketIo.io(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      ...(token ? { auth: { token } } : {}),
      ...(localAddress ? { localAddress } : {}),
    });
    let settled = false;
    const done = (result) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    socket.on("connect", () => {
      socket.emit("subscribe", CHANNEL, (reply) =>
        done(reply?.status === "subscribed" ? { ok: true } : { ok: false, error: JSON.stringify(reply) }),
      );
    });
    socket.on("event", (event) => record(index, event.data.sent_at, wallMs()));
    socket.on("connect_error", (err) => done({ ok: false, error: err.message }));
    socket.on("disconnect", (reason) => {
      countClose(reason);
      done({ ok: false, error: `disconnected: ${reason}` });
    });
    sockets[index] = {
      open: () => socket.connected,
      close: () =>
        new Promise((closed) => {
          const engine = socket.io.engine;
          if (!engine || engine.readyState === "closed") return closed();
          engine.once("close", () => closed());
          socket.disconnect();
        }),
    };
  });
}

async function connect(message) {
  sockets = new Array(message.count);
  perClient = new Array(message.count).fill(0);
  hist = createHistogram();
  outside = 0;
  arrivedInWindow = 0;
  closes = {};
  window = { start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
  const open = message.protocol === "socket.io" ? openSocketIo : openWs;
  // `urls`: clients are spread over several servers (client i → urls[i % urls.length]).
  const urls = message.urls ?? [message.url];
  const errors = {};
  let ok = 0;
  let next = 0;
  const addresses = message.localAddresses ?? [];
  const worker = async () => {
    while (next < message.count) {
      const index = next++;
      const localAddress = addresses.length ? addresses[index % addresses.length] : undefined;
      const result = await open(index, { ...message, url: urls[index % urls.length], localAddress });
      if (result.ok) ok++;
      else errors[result.error] = (errors[result.error] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: message.concurrency ?? 64 }, worker));
  return { open: ok, failed: message.count - ok, errors };
}

async function closeAll() {
  await Promise.all(sockets.map((s) => s?.close()));
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
        arrivedInWindow,
        minPerClient: Math.min(...counts),
        maxPerClient: Math.max(...counts),
        outside,
        closes,
        open: sockets.filter((s) => s?.open()).length,
      });
      break;
    }
    case "count":
      process.send({ type: "count", delivered: hist.count });
      break;
    case "close":
      await closeAll();
      process.send({ type: "closed" });
      break;
    case "exit":
      process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready", clockOffsetMs: wallMs() - Number(process.hrtime.bigint()) / 1e6 });
