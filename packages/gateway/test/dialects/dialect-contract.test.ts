import { createMonServDialect } from "../../src/dialects/monserv.js";
import { createNativeDialect } from "../../src/dialects/native.js";
import { createNzbFlowDialect } from "../../src/dialects/nzbflow.js";
import { createTvheadendDialect } from "../../src/dialects/tvheadend.js";
import { processes, rootStorage, stats, storage } from "../helpers/harness.js";
import { runDialectContract } from "./contract.js";

const FIRING = {
  resource: "memory",
  value: 85,
  threshold: 80,
  level: "warning",
  state: "firing",
  message: "Memory used 85.0% (threshold 80.0%)",
};

runDialectContract("native", {
  make: () => createNativeDialect(),
  forwarded: [
    { channel: "system.stats", host: "nas1", data: stats(25.5) },
    { channel: "custom.backup", host: "nas1", data: { progress: 42 } },
  ],
  commands: [
    { frame: '{"type":"ping","id":1}', command: { type: "ping", id: 1 } },
    {
      frame: '{"type":"subscribe","channel":"system.stats","snapshot":false}',
      command: { type: "subscribe", channel: "system.stats", snapshot: false },
    },
  ],
});

runDialectContract("monserv", {
  make: () => createMonServDialect(),
  forwarded: [
    { channel: "storage.status", host: "nas1", data: storage(1) },
    { channel: "system.processes", host: "nas1", data: processes() },
    { channel: "system.stats", host: "nas1", data: stats(25.5) },
    { channel: "resource.alert", host: "nas1", data: FIRING },
    { channel: "resource.alert", host: "nas1", data: { ...FIRING, value: 65, state: "resolved" } },
  ],
});

runDialectContract("nzbflow", {
  make: () => createNzbFlowDialect(),
  forwarded: [
    {
      channel: "jobs",
      host: "nas1",
      data: {
        type: "queue-update",
        queue: "collector.parse",
        active: true,
        running: 1,
        queued: 0,
        tasks: [],
      },
    },
    {
      channel: "jobs",
      host: "nas1",
      data: { type: "command-progress", id: "raid:nas1:md0", currentStep: "RAID_CHECK", percentage: 12.5 },
    },
  ],
});

runDialectContract("tvheadend", {
  make: () => createTvheadendDialect({ batchIntervalMs: 50 }),
  forwarded: [
    { channel: "storage.status", host: "nas1", data: rootStorage(1000, 400) },
    { channel: "log", host: "nas1", data: { level: "info", source: "alerts", text: "memory fired" } },
  ],
});
