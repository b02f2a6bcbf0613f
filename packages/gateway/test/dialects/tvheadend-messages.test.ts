import type { BusEvent } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { logText, TvheadendMessages } from "../../src/dialects/tvheadend-messages.js";

const event = (
  channel: string,
  host: string,
  data: unknown,
  timestamp = "2025-06-19T14:30:00.000Z",
): BusEvent => ({ type: channel, channel, host, seq: 1, epoch: "e", timestamp, data }) as BusEvent;

const fs = (mountpoint: string, free: number) => ({
  device: `/dev/${mountpoint.length}`,
  mountpoint,
  fstype: "ext4",
  total: 1000,
  used: 1000 - free,
  free,
  used_percent: 100 - free / 10,
});

describe("TvheadendMessages", () => {
  it("reports the filesystem with the longest mountpoint holding the configured path", () => {
    const messages = new TvheadendMessages({ path: "/srv/recordings/tv" });
    const disks = { disks: [fs("/", 100), fs("/srv", 200), fs("/srv/recordings", 300), fs("/srv/rec", 400)] };
    expect(messages.messages(event("storage.status", "nas1", disks))).toEqual([
      { freediskspace: 300, useddiskspace: 700, totaldiskspace: 1000, notificationClass: "diskspaceUpdate" },
    ]);
  });

  it("only reports the configured host's filesystem when a host is set", () => {
    const messages = new TvheadendMessages({ path: "/", host: "nas1" });
    expect(messages.messages(event("storage.status", "nas2", { disks: [fs("/", 1)] }))).toEqual([]);
    expect(messages.messages(event("storage.status", "nas1", { disks: [fs("/", 1)] }))).toHaveLength(1);
    expect(messages.messages(event("storage.status", "nas1", { disks: "broken" }))).toEqual([]);
  });

  it("writes log lines as Tvheadend does: local date and time with milliseconds, source, text", () => {
    const at = "2024-03-06T11:06:14.444Z";
    const d = new Date(at);
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    const expected = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.444 subscription: 00D5: "HTTP" subscribing`;
    expect(logText(at, { source: "subscription", text: '00D5: "HTTP" subscribing' })).toBe(expected);
    const messages = new TvheadendMessages({ path: "/" });
    expect(
      messages.messages(
        event("log", "gw", { level: "info", source: "subscription", text: '00D5: "HTTP" subscribing' }, at),
      ),
    ).toEqual([{ notificationClass: "logmessage", logtxt: expected }]);
  });

  it("gives one subscriptions entry per client, with stable numeric ids and byte rates between lists", () => {
    const messages = new TvheadendMessages({ path: "/" });
    const client = (id: string, bytesIn: number, bytesOut: number) => ({
      id,
      start: "2024-03-06T11:06:14.000Z",
      address: "192.168.1.2",
      user_agent: "VLC/3.0.20 LibVLC/3.0.20",
      dialect: "tvheadend",
      principal: "admin",
      channels: ["storage.status", "log"],
      bytes_in: bytesIn,
      bytes_out: bytesOut,
      messages_in: 0,
      messages_out: 0,
    });
    const first = messages.messages(
      event(
        "gateway.clients",
        "gw",
        { clients: [client("a", 100, 1000), client("b", 0, 0)] },
        "2025-01-01T00:00:00.000Z",
      ),
    );
    expect(first).toEqual([
      {
        id: 1,
        start: 1709723174,
        errors: 0,
        state: "Running",
        hostname: "192.168.1.2",
        client: "VLC/3.0.20 LibVLC/3.0.20",
        title: "tvheadend",
        channel: "storage.status, log",
        in: 0,
        out: 0,
        total_in: 100,
        total_out: 1000,
        updateEntry: 1,
        notificationClass: "subscriptions",
      },
      expect.objectContaining({ id: 2 }),
    ]);
    const second = messages.messages(
      event(
        "gateway.clients",
        "gw",
        { clients: [client("b", 0, 0), client("a", 300, 5000)] },
        "2025-01-01T00:00:02.000Z",
      ),
    );
    expect(second.map((m) => [m.id, m.in, m.out])).toEqual([
      [2, 0, 0],
      [1, 100, 2000],
    ]);
  });

  it("ignores channels Tvheadend has no notification for", () => {
    expect(new TvheadendMessages({ path: "/" }).messages(event("system.stats", "nas1", {}))).toEqual([]);
  });
});
