import { describe, expect, it } from "vitest";
import { withNzbQueueFields } from "../../src/dialects/nzbflow-queue.js";

describe("withNzbQueueFields", () => {
  it("reports a worker pool as NZB Flow's compression queue and the upload queue as idle", () => {
    const running = { id: 1, name: "host.stats", state: "running" };
    const queued = { id: 2, name: "host.storage", state: "queued" };
    const data = {
      type: "queue-update",
      queue: "collector.parse",
      active: true,
      running: 1,
      queued: 1,
      tasks: [running, queued],
    };
    expect(withNzbQueueFields(data)).toEqual({
      ...data,
      compressionActive: true,
      compressionRunning: 1,
      compressionRunningConfigs: [running],
      compressionQueued: 1,
      compressionQueuedConfigs: [queued],
      uploadActive: false,
      uploadRunning: 0,
      uploadRunningConfigs: [],
      uploadQueued: 0,
      uploadQueuedConfigs: [],
    });
  });

  it("passes NZB-shaped queue updates and other job events as they are", () => {
    const nzb = { type: "queue-update", compressionRunning: 2, uploadRunning: 1 };
    expect(withNzbQueueFields(nzb)).toBe(nzb);
    const progress = { type: "command-progress", id: "x", currentStep: "UPLOADING", percentage: 5 };
    expect(withNzbQueueFields(progress)).toBe(progress);
    expect(withNzbQueueFields({ type: "queue-update", tasks: "bad" })).toMatchObject({
      compressionRunning: 0,
      compressionRunningConfigs: [],
    });
  });
});
