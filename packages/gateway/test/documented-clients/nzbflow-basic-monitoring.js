// A client doing what the Basic Monitoring example of NZB Flow's WebSocket server document does,
// written against the browser's WebSocket API so that the same file runs in a page
// (nzbflow-basic-monitoring.html, address in its ?ws= query) and under Node (ws-global.cjs
// preloaded, address as the first argument). It connects with the token in the query, parses
// every frame, and only when response.success is true switches on response.data.type:
// queue-update logs response.data whole, command-progress reads response.data.id and
// response.data.percentage, task-finished reads response.data.taskConfig.name. Each log line is
// one JSON object saying what it read, for the tests to compare.
const address =
  typeof location === "undefined" ? process.argv[2] : new URLSearchParams(location.search).get("ws");

const ws = new WebSocket(address);

ws.onmessage = (event) => {
  const response = JSON.parse(event.data);
  if (!response.success) return;
  const data = response.data;
  if (data.type === "queue-update") {
    console.log(JSON.stringify({ type: "queue-update", queue: data }));
  } else if (data.type === "command-progress") {
    console.log(JSON.stringify({ type: "command-progress", id: data.id, percentage: data.percentage }));
  } else if (data.type === "task-finished") {
    console.log(JSON.stringify({ type: "task-finished", name: data.taskConfig.name }));
  }
};
