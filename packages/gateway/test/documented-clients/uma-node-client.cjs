// A Node.js client doing what the Node.js example of UMA's WebSocket guide does: connect with the
// `ws` package, subscribe to system.stats and storage.status one `"channel"` at a time, and read
// event.type, event.data.cpu_percent, event.data.memory_percent, event.data.array_status and
// event.data.disks.length from every event. It reports what it read as one JSON object per
// stdout line, for the tests to compare.
//
// usage: node uma-node-client.cjs <ws-url-with-token>
const WebSocket = require("ws");

const address = process.argv[2];
if (!address) {
  console.error("usage: node uma-node-client.cjs <ws-url>");
  process.exit(2);
}
const report = (record) => process.stdout.write(`${JSON.stringify(record)}\n`);

const ws = new WebSocket(address);

ws.on("open", () => {
  report({ opened: true });
  for (const channel of ["system.stats", "storage.status"]) {
    ws.send(JSON.stringify({ type: "subscribe", channel }));
  }
});

ws.on("message", (data) => {
  const event = JSON.parse(data);
  if (event.type === "system.stats") {
    report({ type: event.type, cpu: event.data.cpu_percent, memory: event.data.memory_percent });
  } else if (event.type === "storage.status") {
    report({ type: event.type, array: event.data.array_status, disks: event.data.disks.length });
  } else {
    report({ type: event.type });
  }
});

ws.on("close", (code) => report({ closed: code }));
