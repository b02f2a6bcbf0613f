import type { Bus } from "@wirewatch/bus";
import { waitFor } from "@wirewatch/testkit";
import { type Harness, processes, stats, storage } from "./harness.js";

/**
 * What the MonServ client tests publish: a polling round of two hosts and a memory alert that
 * fires and recovers, in the shapes of MonServ's WebSocket API document.
 */

/** An SSH-polled host: its identity carries a password that must never reach a client. */
export const SSH_SOURCE = "ssh://scada:s3cret@scadanas.lan:2222";
export const SSH_KEY = "ssh://scada:***@scadanas.lan:2222";

export const FIRING = {
  resource: "memory",
  value: 85,
  threshold: 80,
  level: "warning",
  state: "firing",
  severity: "warning",
  transition: "fired",
  host: "nas1",
  subject: "[ALERT] nas1 Memory usage warning",
  message: "Memory used 85.0% (threshold 80.0%)",
};
export const RESOLVED = {
  ...FIRING,
  value: 65,
  level: "ok",
  state: "resolved",
  transition: "resolved",
  subject: "[RECOVERED] nas1 Memory usage",
  message: "Memory back to 65.0%",
};

/** One polling round of two hosts: nas1 (local) and scadanas (over SSH, memory at 85 %). */
export async function publishRound(bus: Bus): Promise<void> {
  await bus.publish({ channel: "storage.status", host: "nas1", data: storage(1) });
  await bus.publish({ channel: "system.processes", host: "nas1", data: processes() });
  await bus.publish({ channel: "system.stats", host: "nas1", data: stats(25.5) });
  await bus.publish({
    channel: "system.stats",
    host: "scadanas",
    data: {
      ...stats(12),
      memory_total: 8589934592,
      memory_used: 7301444403,
      memory_percent: 85,
      uptime: 3600,
      hostname: "scadanas",
      source: SSH_SOURCE,
    },
  });
}

export const publishAlert = (bus: Bus, data: Record<string, unknown>) =>
  bus.publish({ channel: "resource.alert", host: "nas1", data });

/** MonServ subscribes a socket at connect; waits until its alert channels are in place too. */
export const monservSubscribed = (h: Harness) =>
  waitFor(
    () => h.gateway.clients().some((c) => c.dialect === "monserv" && c.channels.includes("resource.alert")),
    { description: "the MonServ client's connect-time subscriptions" },
  );
