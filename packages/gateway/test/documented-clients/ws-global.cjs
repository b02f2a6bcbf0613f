// Preload (node -r) for browser-style clients under Node 20, which has no WebSocket global:
// installs the `ws` package's WebSocket (same onopen/onmessage/onclose API) as that global.
globalThis.WebSocket = require("ws");
