import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientError, GapEvent } from "../src/index.js";
import { eventFrame, FakeSocket } from "./helpers/fake-socket.js";
import { ack, flush, makeClient, openAndAck, record, resume } from "./helpers/setup.js";

beforeEach(() => {
  FakeSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Drops the connection and opens the next one (without acking); returns it. */
async function reconnect(ws: FakeSocket, code = 1006): Promise<FakeSocket> {
  ws.serverClose(code);
  await vi.advanceTimersByTimeAsync(5000);
  const next = FakeSocket.last;
  expect(next).not.toBe(ws);
  next.open();
  return next;
}

describe("resubscribe and resume", () => {
  it("asks for everything again with one subscribe and a since map; replays are de-duplicated", async () => {
    const client = makeClient();
    const events = record(client);
    const got: string[] = [];
    client.subscribe("resource.alert", (ev) => got.push(`${ev.seq}${ev.recovered ? "r" : ""}`));
    client.subscribe("log");
    const ws = await openAndAck();
    for (const seq of [1, 2, 3]) ws.receive(eventFrame("resource.alert", seq, "e1"));

    const next = await reconnect(ws);
    const [cmd, ...more] = next.subscribes();
    expect(more).toEqual([]);
    expect(cmd).toEqual({
      type: "subscribe",
      id: expect.any(String),
      channels: ["resource.alert", "log"],
      since: { "resource.alert": { epoch: "e1", seq: 3 } },
    });
    ack(next, cmd!);
    next.receive(eventFrame("resource.alert", 2, "e1", {}, { recovered: true }));
    next.receive(eventFrame("resource.alert", 3, "e1", {}, { recovered: true }));
    next.receive(eventFrame("resource.alert", 4, "e1", {}, { recovered: true }));
    resume(next, cmd!, { channel: "resource.alert", recovered: true, epoch: "e1", from_seq: 3, to_seq: 4 });
    next.receive(eventFrame("resource.alert", 5, "e1"));
    expect(got).toEqual(["1", "2", "3", "4r", "5"]);
    expect(events.of("gap")).toEqual([]);
    expect(events.of("open")).toEqual([
      { url: "ws://gw.test/api/v1/ws", reconnected: false },
      { url: "ws://gw.test/api/v1/ws", reconnected: true },
    ]);
    expect(client.stats()).toMatchObject({
      connects: 2,
      reconnects: 1,
      events: 5,
      recovered: 1,
      duplicatesDropped: 2,
    });
    await client.close();
  });

  it("surfaces a resume that was not recovered as a gap, then takes the new epoch's last value", async () => {
    const client = makeClient();
    const events = record(client);
    const got: string[] = [];
    client.subscribe("system.stats", (ev) => got.push(`${ev.epoch}:${ev.seq}`));
    const ws = await openAndAck();
    ws.receive(eventFrame("system.stats", 7, "e1"));
    const next = await reconnect(ws);
    const cmd = next.subscribes()[0]!;
    ack(next, cmd);
    resume(next, cmd, { channel: "system.stats", recovered: false, epoch: "e2", from_seq: 7, to_seq: 3 });
    next.receive(eventFrame("system.stats", 3, "e2"));
    next.receive(eventFrame("system.stats", 4, "e2"));
    next.receive(eventFrame("system.stats", 8, "e1"));
    expect(events.of<GapEvent>("gap")).toEqual([
      {
        channel: "system.stats",
        reason: "not_recovered",
        epoch: "e2",
        previous_epoch: "e1",
        from_seq: 7,
        to_seq: 3,
      },
    ]);
    expect(got).toEqual(["e1:7", "e2:3", "e2:4"]);
    expect(client.stats()).toMatchObject({ gaps: 1, staleDropped: 1 });
    await client.close();
  });

  it("reports a live epoch change (history lost without a reconnect) as a gap", async () => {
    const client = makeClient();
    const events = record(client);
    client.subscribe("system.stats");
    const ws = await openAndAck();
    ws.receive(eventFrame("system.stats", 41, "e1"));
    ws.receive(eventFrame("system.stats", 1, "e2"));
    expect(events.of<GapEvent>("gap")).toEqual([
      {
        channel: "system.stats",
        reason: "epoch_change",
        epoch: "e2",
        previous_epoch: "e1",
        from_seq: 41,
        to_seq: 0,
      },
    ]);
    expect(events.of("event")).toHaveLength(2);
    await client.close();
  });

  it("keeps a position per reference: host filters skip seqs without gaps and resume from their own seq", async () => {
    const client = makeClient();
    const events = record(client);
    const nas1: number[] = [];
    const all: number[] = [];
    client.subscribe("system.stats@nas1", (ev) => nas1.push(ev.seq));
    client.subscribe("system.stats", (ev) => all.push(ev.seq));
    const ws = await openAndAck();
    ws.receive(eventFrame("system.stats", 1, "e1"));
    ws.receive(eventFrame("system.stats", 2, "e1", {}, { host: "nas2" }));
    ws.receive(eventFrame("system.stats", 3, "e1"));
    ws.receive(eventFrame("system.stats", 4, "e1", {}, { host: "nas2" }));
    expect(nas1).toEqual([1, 3]);
    expect(all).toEqual([1, 2, 3, 4]);
    expect(events.of("event")).toHaveLength(4);

    const next = await reconnect(ws);
    const cmd = next.subscribes()[0]!;
    expect(cmd.since).toEqual({
      "system.stats@nas1": { epoch: "e1", seq: 3 },
      "system.stats": { epoch: "e1", seq: 4 },
    });
    ack(next, cmd);
    // the server primes each reference in turn: the unfiltered replay reaches the filtered one too
    next.receive(eventFrame("system.stats", 5, "e1", {}, { recovered: true }));
    next.receive(eventFrame("system.stats", 6, "e1", {}, { recovered: true, host: "nas2" }));
    resume(next, cmd, { channel: "system.stats", recovered: true, epoch: "e1", from_seq: 4, to_seq: 6 });
    next.receive(eventFrame("system.stats", 5, "e1", {}, { recovered: true }));
    resume(next, cmd, { channel: "system.stats@nas1", recovered: true, epoch: "e1", from_seq: 3, to_seq: 6 });
    next.receive(eventFrame("system.stats", 7, "e1"));
    expect(nas1).toEqual([1, 3, 5, 7]);
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.of("gap")).toEqual([]);
    expect(client.positions()).toEqual({
      "system.stats@nas1": { epoch: "e1", seq: 7 },
      "system.stats": { epoch: "e1", seq: 7 },
    });
    await client.close();
  });

  it("delivers nothing to a reference before its ack", async () => {
    const client = makeClient();
    const early: number[] = [];
    client.subscribe("system.stats");
    const ws = await openAndAck();
    client.subscribe("system.stats@nas1", (ev) => early.push(ev.seq));
    ws.receive(eventFrame("system.stats", 1, "e1"));
    ack(ws, ws.subscribes()[1]!);
    ws.receive(eventFrame("system.stats", 2, "e1"));
    expect(early).toEqual([2]);
    await client.close();
  });
});

describe("refusals", () => {
  it("retries each reference alone when the batch is refused, dropping only the one at fault", async () => {
    const client = makeClient();
    const events = record(client);
    const ok = client.subscribe("system.stats");
    const bad = client.subscribe("log");
    await flush();
    const ws = FakeSocket.last;
    ws.open();
    const batch = ws.subscribes()[0]!;
    expect(batch.channels).toEqual(["system.stats", "log"]);
    ws.receive({
      type: "error",
      id: batch.id,
      code: "forbidden_channel",
      message: "log: admin only",
      timestamp: "t",
    });
    const singles = ws.subscribes().slice(1);
    expect(singles.map((c) => c.channels)).toEqual([["system.stats"], ["log"]]);
    ack(ws, singles[0]!);
    ws.receive({ type: "error", id: singles[1]!.id, code: "forbidden_channel", message: "log: admin only" });
    await expect(ok).resolves.toMatchObject({ channel: "system.stats", active: true });
    await expect(bad).rejects.toMatchObject({ code: "forbidden_channel", channel: "log" });
    expect(events.of<ClientError>("error").map((e) => e.code)).toEqual([
      "forbidden_channel",
      "forbidden_channel",
    ]);
    await client.close();
  });

  it("retries a resume the gateway could not read (unavailable) from the same position", async () => {
    const client = makeClient();
    const got: number[] = [];
    client.subscribe("resource.alert", (ev) => got.push(ev.seq));
    const ws = await openAndAck();
    ws.receive(eventFrame("resource.alert", 10, "e1"));
    const next = await reconnect(ws);
    const first = next.subscribes()[0]!;
    ack(next, first);
    next.receive({
      type: "error",
      id: first.id,
      code: "unavailable",
      message: "resource.alert: could not read its last value or history",
    });
    // live events released after the failed replay are held back: they would skip 11..12
    next.receive(eventFrame("resource.alert", 13, "e1"));
    expect(got).toEqual([10]);
    await vi.advanceTimersByTimeAsync(500);
    const retry = next.subscribes()[1]!;
    expect(retry).toEqual({
      type: "subscribe",
      id: expect.any(String),
      channels: ["resource.alert"],
      since: { "resource.alert": { epoch: "e1", seq: 10 } },
    });
    ack(next, retry);
    for (const seq of [11, 12, 13])
      next.receive(eventFrame("resource.alert", seq, "e1", {}, { recovered: true }));
    resume(next, retry, {
      channel: "resource.alert",
      recovered: true,
      epoch: "e1",
      from_seq: 10,
      to_seq: 13,
    });
    next.receive(eventFrame("resource.alert", 14, "e1"));
    expect(got).toEqual([10, 11, 12, 13, 14]);
    await client.close();
  });

  it("retries a subscribe refused for now (unavailable) until it is acked", async () => {
    const client = makeClient();
    const sub = client.subscribe("system.stats");
    await flush();
    const ws = FakeSocket.last;
    ws.open();
    ws.receive({ type: "error", id: ws.subscribes()[0]!.id, code: "unavailable", message: "bus down" });
    await vi.advanceTimersByTimeAsync(500);
    expect(ws.subscribes()).toHaveLength(2);
    ack(ws, ws.subscribes()[1]!);
    await expect(sub).resolves.toMatchObject({ active: true });
    await client.close();
  });

  it("does not report not_subscribed answering its own unsubscribe", async () => {
    const client = makeClient();
    const events = record(client);
    const sub = client.subscribe("log");
    const ws = await openAndAck();
    sub.unsubscribe();
    const unsub = ws.sent.at(-1)!;
    ws.receive({ type: "error", id: unsub.id, code: "not_subscribed", message: "log: not subscribed" });
    expect(events.of("error")).toEqual([]);
    await client.close();
  });
});
