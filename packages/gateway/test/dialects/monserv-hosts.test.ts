import type { BusEvent } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { MonServHosts, serverKey } from "../../src/dialects/monserv-hosts.js";
import { processes, stats, storage } from "../helpers/harness.js";

const event = (
  channel: string,
  host: string,
  seq: number,
  data: unknown,
  timestamp = "2025-10-29T12:00:00.000Z",
): BusEvent => ({ type: channel, channel, host, seq, epoch: "e1", timestamp, data }) as BusEvent;

describe("MonServHosts", () => {
  it("builds MonServ's per-host entry from stats, storage and processes", () => {
    const hosts = new MonServHosts(60_000);
    expect(hosts.apply(event("storage.status", "nas1", 1, storage(1)))).toBe(false);
    expect(hosts.apply(event("system.processes", "nas1", 1, processes()))).toBe(false);
    expect(hosts.snapshot()).toEqual({});
    expect(hosts.apply(event("system.stats", "nas1", 1, { ...stats(25), cpu_count: 4 }))).toBe(true);
    const entry = hosts.snapshot()["local://nas1"]!;
    expect(entry).toMatchObject({
      hostname: "nas1",
      uptimeSeconds: 86400,
      cpu: { usedPercent: 25, cores: 4, load1: 0.5, load5: 0.7, load15: 0.9 },
      memory: { total: 17179869184, used: 8589934592, free: 8589934592, usedPercent: 50 },
      topProcsByMem: [
        {
          pid: 1234,
          name: "postgres",
          username: "postgres",
          rssBytes: 536870912,
          percentRAM: 6.25,
          cmdline: "postgres -D /var/lib/postgresql/data",
        },
      ],
      generatedAtUtc: "2025-10-29T12:00:00.000Z",
    });
    expect(entry.disks[0]).toEqual({
      device: expect.any(String),
      mountpoint: expect.any(String),
      fstype: expect.any(String),
      total: expect.any(Number),
      used: expect.any(Number),
      free: expect.any(Number),
      usedPercent: expect.any(Number),
    });
  });

  it("never regresses a host with an older or repeated event (snapshots, replays)", () => {
    const hosts = new MonServHosts(60_000);
    hosts.apply(event("system.stats", "nas1", 5, stats(70)));
    // the same round again (another socket's snapshot) is sent again, an older one is not
    expect(hosts.apply(event("system.stats", "nas1", 5, stats(70)))).toBe(true);
    expect(hosts.apply(event("system.stats", "nas1", 3, stats(10)))).toBe(false);
    hosts.apply(event("storage.status", "nas1", 9, storage(1)));
    expect(hosts.apply(event("storage.status", "nas1", 9, storage(3)))).toBe(false);
    expect(hosts.snapshot()["local://nas1"]!.disks).toHaveLength(1);
    expect(hosts.snapshot()["local://nas1"]!.cpu.usedPercent).toBe(70);
  });

  it("keys hosts by their masked source identity and drops hosts gone quiet", () => {
    let now = 0;
    const hosts = new MonServHosts(1000, () => now);
    hosts.apply(
      event("system.stats", "scadanas", 1, { ...stats(), source: "ssh://scada:hunter2@192.168.4.3:2222" }),
    );
    hosts.apply(event("system.stats", "nas2", 2, stats()));
    expect(Object.keys(hosts.snapshot())).toEqual(["ssh://scada:***@192.168.4.3:2222", "local://nas2"]);
    expect(JSON.stringify(hosts.snapshot())).not.toContain("hunter2");
    now = 800;
    hosts.apply(event("system.stats", "nas2", 3, stats()));
    now = 1500;
    expect(Object.keys(hosts.snapshot())).toEqual(["local://nas2"]);
  });

  it("fills missing or malformed fields with zeros instead of failing", () => {
    const hosts = new MonServHosts(60_000);
    hosts.apply(event("storage.status", "odd", 1, { disks: "nope" }));
    hosts.apply(event("system.stats", "odd", 1, { cpu_percent: "high", load_average: null }));
    expect(hosts.snapshot()["local://odd"]).toMatchObject({
      cpu: { usedPercent: 0, cores: null, load1: 0 },
      memory: { total: 0, used: 0, free: 0, usedPercent: 0 },
      disks: [],
    });
    expect(serverKey("h", { source: "" })).toBe("local://h");
  });
});
