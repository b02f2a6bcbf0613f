import type { BusEvent } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { LiveHold } from "../../src/subscription/live-hold.js";

const ev = (seq: number, host = "nas1", epoch = "e1"): BusEvent => ({
  type: "system.stats",
  channel: "system.stats",
  host,
  seq,
  epoch,
  timestamp: "2025-01-01T00:00:00.000Z",
  data: {},
});
const all = () => true;
const seqs = (p: LiveHold, matches: (host: string) => boolean = all) =>
  p.release(matches).map((h) => h.event.seq);

describe("live hold (hold live events while a subscription starts)", () => {
  it("drops what the replay covered and releases the rest in order", () => {
    const p = new LiveHold([]);
    for (const s of [8, 9, 10, 11, 12]) p.hold(ev(s), Buffer.from(String(s)));
    for (const s of [6, 7, 8, 9, 10]) p.noteSent(ev(s));
    p.noteReplayed([undefined], "e1", 10);
    expect(seqs(p)).toEqual([11, 12]);
  });

  it("drops events of a host not newer than its snapshot (no regress), keeps other hosts'", () => {
    const p = new LiveHold([]);
    p.hold(ev(8, "nas2"), Buffer.from(""));
    p.hold(ev(9, "nas1"), Buffer.from(""));
    p.hold(ev(11, "nas1"), Buffer.from(""));
    p.noteSent(ev(10, "nas1"));
    expect(seqs(p)).toEqual([8, 11]);
  });

  it("releases everything for references that were live before", () => {
    const p = new LiveHold(["nas1"]);
    p.hold(ev(4, "nas1"), Buffer.from(""));
    p.hold(ev(5, "nas2"), Buffer.from(""));
    p.noteReplayed([undefined], "e1", 10);
    expect(seqs(p)).toEqual([4]);
  });

  it("never releases an event that was itself sent during the hold", () => {
    const p = new LiveHold([undefined]);
    p.hold(ev(5), Buffer.from(""));
    p.hold(ev(6), Buffer.from(""));
    p.noteSent(ev(5));
    expect(seqs(p)).toEqual([6]);
  });

  it("treats another epoch as new", () => {
    const p = new LiveHold([]);
    p.hold(ev(1, "nas1", "e2"), Buffer.from(""));
    p.noteSent(ev(10, "nas1", "e1"));
    p.noteReplayed([undefined], "e1", 10);
    expect(seqs(p)).toEqual([1]);
  });

  it("applies the socket's filter at release", () => {
    const p = new LiveHold([]);
    p.hold(ev(1, "nas1"), Buffer.from(""));
    p.hold(ev(2, "nas2"), Buffer.from(""));
    expect(seqs(p, (host) => host === "nas2")).toEqual([2]);
  });
});
