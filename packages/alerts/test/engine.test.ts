import { afterEach, describe, expect, it } from "vitest";
import { isAlertsError } from "../src/errors.js";
import type { RuleEntry } from "../src/rule.js";
import { type EngineHarness, startEngine } from "./helpers/engine-harness.js";
import { stats, status, storage } from "./helpers/samples.js";

/**
 * The engine end to end on a hand-driven clock: samples in, events out on the alert channels
 * and `log`. Each table row is a series of `[seconds, cpu_percent]` samples and the alert events
 * it must produce, as `state:severity:transition`.
 */
const cpu: RuleEntry = {
  name: "cpu",
  channel: "system.stats",
  field: "cpu_percent",
  op: ">",
  warning: 90,
  critical: 95,
  resource: "cpu",
  unit: "%",
  subject: "CPU usage",
};

let h: EngineHarness;
afterEach(async () => {
  await h?.engine.close();
});

async function drive(rule: Partial<RuleEntry>, steps: [number, number][]): Promise<string[]> {
  h = await startEngine({ rules: [{ ...cpu, ...rule }] });
  for (const [seconds, value] of steps) {
    await h.at(seconds);
    await h.sample("system.stats", stats(value));
  }
  h.assertValidPayloads();
  return h.alertLog();
}

describe("engine: alerts that fire once and recover once", () => {
  const oscillating: [number, number][] = [
    [0, 89],
    [10, 91],
    [20, 89.5],
    [30, 90.5],
    [40, 88],
    [50, 92],
    [60, 89],
    [70, 91],
    [80, 70],
  ];

  it.each<[string, Partial<RuleEntry>, [number, number][], string[]]>([
    [
      "oscillation with hysteresis",
      { clear: { warning: 80 } },
      oscillating,
      ["firing:warning:fired", "resolved:warning:resolved"],
    ],
    ["oscillation with for 30 s", { forMs: 30_000 }, oscillating, []],
    [
      "for delays firing",
      { forMs: 60_000 },
      [
        [0, 93],
        [30, 93],
        [60, 93],
        [90, 50],
      ],
      ["firing:warning:fired", "resolved:warning:resolved"],
    ],
    [
      "hysteresis holds until the clear threshold",
      { clear: { warning: 85 } },
      [
        [0, 91],
        [10, 86],
        [20, 84.9],
      ],
      ["firing:warning:fired", "resolved:warning:resolved"],
    ],
    [
      "cooldown, then re-notify",
      { cooldownMs: 60_000, renotifyMs: 120_000 },
      [
        [0, 91],
        [10, 50],
        [20, 91],
        [70, 91],
        [190, 91],
        [200, 40],
      ],
      [
        "firing:warning:fired",
        "resolved:warning:resolved",
        "firing:warning:fired",
        "firing:warning:renotified",
        "resolved:warning:resolved",
      ],
    ],
    [
      "escalation warning → critical → back",
      { clear: { critical: 93 } },
      [
        [0, 91],
        [10, 96],
        [20, 94],
        [30, 92],
        [40, 20],
      ],
      [
        "firing:warning:fired",
        "firing:critical:escalated",
        "firing:warning:deescalated",
        "resolved:warning:resolved",
      ],
    ],
  ])("%s", async (_label, rule, steps, expected) => {
    expect(await drive(rule, steps)).toEqual(expected);
  });

  it("makes every transition a log line too, at a level by severity", async () => {
    await drive({}, [
      [0, 91],
      [10, 97],
      [20, 10],
    ]);
    expect(h.publisher.logs().map((l) => [l.level, l.source, l.transition, l.text])).toEqual([
      ["warn", "alerts", "fired", "CPU usage warning: 91.0% (threshold: 90.0%)"],
      ["error", "alerts", "escalated", "CPU usage critical: 97.0% (threshold: 95.0%)"],
      ["info", "alerts", "resolved", "CPU usage recovered: 10.0% (threshold: 95.0%), firing for 20s"],
    ]);
  });

  it("publishes on the rule's channel with the sample's host and the fields a dashboard needs", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.sample("system.stats", stats(93.1), "nas2");
    const [event] = h.publisher.events.filter((e) => e.channel === "resource.alert");
    expect(event).toMatchObject({
      host: "nas2",
      data: {
        resource: "cpu",
        value: 93.1,
        threshold: 90,
        level: "warning",
        severity: "warning",
        state: "firing",
        rule: "cpu",
        host: "nas2",
        key: null,
        held_ms: 0,
        acknowledged: false,
        message: "CPU usage warning: 93.1% (threshold: 90.0%)",
      },
    });
    expect(typeof (event?.data as { alert_id?: string } | undefined)?.alert_id).toBe("string");
  });

  it("keeps hosts and items apart", async () => {
    h = await startEngine({
      rules: [
        cpu,
        {
          name: "fs",
          channel: "storage.status",
          field: "disks[].used_percent",
          key: "mountpoint",
          op: ">",
          warning: 85,
          unit: "%",
          subject: "Filesystem {mountpoint} usage",
        },
      ],
    });
    await h.sample("system.stats", stats(93), "a");
    await h.sample("system.stats", stats(93), "b");
    await h.sample("system.stats", stats(10), "a");
    await h.sample("storage.status", storage({ "/": 90, "/data": 86, "/boot": 10 }));
    expect(h.publisher.alerts().map((a) => `${a.host} ${a.message}`)).toEqual([
      "a CPU usage warning: 93.0% (threshold: 90.0%)",
      "b CPU usage warning: 93.0% (threshold: 90.0%)",
      "a CPU usage recovered: 10.0% (threshold: 90.0%), firing for 0s",
      "nas1 Filesystem / usage warning: 90.0% (threshold: 85.0%)",
      "nas1 Filesystem /data usage warning: 86.0% (threshold: 85.0%)",
    ]);
    expect(h.engine.list().alerts.map((a) => [a.host, a.key])).toEqual([
      ["b", null],
      ["nas1", "/"],
      ["nas1", "/data"],
    ]);
  });

  it("honours a rule's host match", async () => {
    h = await startEngine({ rules: [{ ...cpu, match: { host: ["nas*", "!"] } }] });
    await h.sample("system.stats", stats(99), "pi4");
    await h.sample("system.stats", stats(99), "nas7");
    expect(h.publisher.alerts().map((a) => a.host)).toEqual(["nas7"]);
  });

  it("ignores samples before start, other channels and malformed data without throwing", async () => {
    h = await startEngine({ rules: [cpu], start: false });
    await h.sample("system.stats", stats(99));
    await h.engine.start();
    await h.sample("system.processes", { by_memory: [], by_cpu: [] });
    await h.sample("system.stats", null);
    await h.sample("system.stats", { cpu_percent: "99" });
    expect(h.publisher.events).toEqual([]);
    await h.sample("system.stats", stats(99));
    expect(h.alertLog()).toEqual(["firing:critical:fired"]);
  });
});

describe("engine: stale data is not good news", () => {
  it("collector.status stale → unknown; only a fresh sample recovers", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.sample("system.stats", stats(93));
    await h.sample("collector.status", status("host.stats", "stale"));
    await h.sample("collector.status", status("host.stats", "ok"));
    expect(h.engine.list().alerts[0]).toMatchObject({
      state: "unknown",
      message: "CPU usage unknown: collector host.stats is stale",
    });
    await h.at(30);
    await h.sample("system.stats", stats(40));
    expect(h.alertLog()).toEqual([
      "firing:warning:fired",
      "unknown:warning:unknown",
      "resolved:warning:resolved",
    ]);
    h.assertValidPayloads();
  });

  it("an input error names the error; other inputs and hosts do not touch the alert", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.sample("system.stats", stats(93));
    await h.sample("collector.status", status("host.storage", "stale"));
    await h.sample("collector.status", status("host.stats", "stale"), "other-host");
    expect(h.alertLog()).toEqual(["firing:warning:fired"]);
    await h.sample("collector.status", status("host.stats", "error", "/proc/stat: EACCES"));
    expect(h.publisher.alerts().at(-1)).toMatchObject({
      state: "unknown",
      level: "unknown",
      reason: "collector host.stats is error: /proc/stat: EACCES",
    });
    await h.sample("system.stats", stats(93));
    expect(h.alertLog()).toEqual([
      "firing:warning:fired",
      "unknown:warning:unknown",
      "firing:warning:returned",
    ]);
  });

  it("an item that disappears from a fresh sample goes unknown, and recovers when it is back and fine", async () => {
    h = await startEngine({
      rules: [
        {
          name: "fs",
          channel: "storage.status",
          field: "disks[].used_percent",
          key: "mountpoint",
          op: ">",
          warning: 85,
        },
      ],
    });
    await h.sample("storage.status", storage({ "/": 10, "/mnt/usb": 99 }));
    await h.sample("storage.status", storage({ "/": 10 }));
    expect(h.publisher.alerts().at(-1)).toMatchObject({
      state: "unknown",
      reason: "/mnt/usb is no longer reported",
    });
    await h.sample("storage.status", storage({ "/": 10, "/mnt/usb": 20 }));
    expect(h.alertLog()).toEqual([
      "firing:warning:fired",
      "unknown:warning:unknown",
      "resolved:warning:resolved",
    ]);
  });

  it("the default collector-stale rule alerts on a stale input and recovers on ok", async () => {
    h = await startEngine({ defaults: true });
    await h.sample("collector.status", status("host.stats", "stale"));
    await h.at(125);
    await h.sample("collector.status", status("host.stats", "ok"));
    expect(h.publisher.on("infrastructure.alert").map((a) => a.message)).toEqual([
      "Collector host.stats stale: no fresh data (last success: never)",
      "Collector host.stats recovered (ok) after 2m 5s",
    ]);
    h.assertValidPayloads();
  });
});

describe("engine: acknowledge", () => {
  it("acknowledges an active alert once, stops re-notify, and rejects unknown ids", async () => {
    h = await startEngine({ rules: [{ ...cpu, renotifyMs: 60_000 }] });
    await h.sample("system.stats", stats(93));
    const [alert] = h.engine.list().alerts;
    const acked = await h.engine.ack(alert?.alert_id ?? "", "admin");
    expect(acked).toMatchObject({
      acknowledged: true,
      acknowledged_by: "admin",
      acknowledged_at: expect.any(String),
    });
    expect(await h.engine.ack(alert?.alert_id ?? "", "someone-else")).toMatchObject({
      acknowledged_by: "admin",
    });
    await h.at(120);
    await h.sample("system.stats", stats(93));
    expect(h.alertLog()).toEqual(["firing:warning:fired", "firing:warning:acknowledged"]);
    expect(h.publisher.alerts()[1]?.message).toBe(
      "CPU usage warning: 93.0% (threshold: 90.0%), acknowledged by admin",
    );
    await expect(h.engine.ack("nope", "admin")).rejects.toSatisfy((e) =>
      isAlertsError(e, "WW_ALERTS_NOT_FOUND"),
    );
    await h.sample("system.stats", stats(10));
    await expect(h.engine.ack(alert?.alert_id ?? "", "admin")).rejects.toSatisfy((e) =>
      isAlertsError(e, "WW_ALERTS_NOT_FOUND"),
    );
  });

  it("an escalation clears the acknowledgement", async () => {
    h = await startEngine({ rules: [cpu] });
    await h.sample("system.stats", stats(93));
    await h.engine.ack(h.engine.list().alerts[0]?.alert_id ?? "", "admin");
    await h.sample("system.stats", stats(99));
    expect(h.engine.list().alerts[0]).toMatchObject({ severity: "critical", acknowledged: false });
  });
});
