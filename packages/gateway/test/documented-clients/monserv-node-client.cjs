// A Node.js client doing what the Node.js example of MonServ's WebSocket API document does:
// connect to /ws with the `ws` package (the token in the query, as the document's security
// section shows), send nothing, and on every frame read message.type; for metrics_update count
// the servers with Object.keys(message.data).length, for alert read message.subject. Reports
// what it read as one JSON object per stdout line; other frame types are reported as ignored.
//
// usage: node monserv-node-client.cjs <ws-url-with-token>
const WebSocket = require("ws");

const address = process.argv[2];
if (!address) {
  console.error("usage: node monserv-node-client.cjs <ws-url>");
  process.exit(2);
}
const report = (record) => process.stdout.write(`${JSON.stringify(record)}\n`);

const ws = new WebSocket(address);
ws.on("open", () => report({ opened: true }));
ws.on("message", (data) => {
  const message = JSON.parse(data);
  if (message.type === "metrics_update") {
    report({ type: "metrics_update", servers: Object.keys(message.data).length });
  } else if (message.type === "alert") {
    report({ type: "alert", subject: message.subject });
  } else {
    report({ ignored: message.type });
  }
});
ws.on("error", (error) => console.error(`websocket error: ${error.message}`));
ws.on("close", (code) => report({ closed: code }));
