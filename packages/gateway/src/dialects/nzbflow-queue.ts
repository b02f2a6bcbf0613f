/**
 * NZB Flow documents `queue-update` with two queues, compression and upload
 * (NZB Flow's WebSocket server documentation): `compressionActive`, `compressionRunning`,
 * `compressionRunningConfigs`, `compressionQueued`, `compressionQueuedConfigs` and the same for
 * `upload`. wirewatch's queues are worker pools (`queue`, `active`, `running`, `queued`, `tasks`
 * with `state`). So that clients reading the documented fields find numbers and arrays rather than
 * `undefined`, a pool is reported as NZB Flow's compression queue (CPU work, which is what the
 * pools run) and the upload queue as idle and empty. wirewatch's own fields stay beside them, and
 * an event that already carries the documented fields (a user's script) is passed as it is.
 */
export function withNzbQueueFields(data: Record<string, unknown>): Record<string, unknown> {
  if (data.type !== "queue-update" || "compressionRunning" in data || "uploadRunning" in data) return data;
  const tasks = Array.isArray(data.tasks) ? (data.tasks as { state?: unknown }[]) : [];
  return {
    ...data,
    compressionActive: data.active !== false,
    compressionRunning: typeof data.running === "number" ? data.running : 0,
    compressionRunningConfigs: tasks.filter((t) => t.state === "running"),
    compressionQueued: typeof data.queued === "number" ? data.queued : 0,
    compressionQueuedConfigs: tasks.filter((t) => t.state === "queued"),
    uploadActive: false,
    uploadRunning: 0,
    uploadRunningConfigs: [],
    uploadQueued: 0,
    uploadQueuedConfigs: [],
  };
}
