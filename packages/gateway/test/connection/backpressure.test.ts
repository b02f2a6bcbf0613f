import { describe, expect, it } from "vitest";
import { createOutbound, type OutboundSocket } from "../../src/connection/backpressure.js";

/** A socket whose buffer the test fills and drains by hand. */
function fakeSocket(options: { bytesPerWrite?: number } = {}) {
  const written: string[] = [];
  const pending: (() => void)[] = [];
  const socket: OutboundSocket & { buffered: number } = {
    buffered: 0,
    get bufferedAmount() {
      return this.buffered;
    },
    send(data, sendOptions, cb) {
      expect(sendOptions.binary).toBe(false);
      written.push(data.toString());
      socket.buffered += options.bytesPerWrite ?? 0;
      pending.push(() => cb());
    },
  };
  /** Completes every write so far (ws calls these once the kernel took the bytes). */
  const flush = () => {
    for (const done of pending.splice(0)) done();
  };
  return { socket, written, flush };
}

const frame = (text: string) => Buffer.from(text);

describe("outbound queue", () => {
  it("writes at once while the buffer is below the bound", () => {
    const { socket, written } = fakeSocket();
    const out = createOutbound(socket, { maxBufferedBytes: 100, maxQueuedEvents: 2, onOverflow: () => {} });
    out.push(frame("a"), "event");
    out.push(frame("b"), "latest", "s@h");
    expect(written).toEqual(["a", "b"]);
    expect(out.queued).toBe(0);
  });

  it("queues past the bound, in order, and drains from write callbacks", () => {
    const { socket, written, flush } = fakeSocket();
    const out = createOutbound(socket, { maxBufferedBytes: 100, maxQueuedEvents: 10, onOverflow: () => {} });
    out.push(frame("first"), "event");
    socket.buffered = 100;
    out.push(frame("e1"), "event");
    out.push(frame("c1"), "control");
    out.push(frame("l1"), "latest", "s@h");
    expect(written).toEqual(["first"]);
    expect(out.queued).toBe(3);
    socket.buffered = 0;
    flush();
    expect(written).toEqual(["first", "e1", "c1", "l1"]);
    expect(out.queued).toBe(0);
  });

  it("keeps only the newest frame per latest key, moved behind what came before it", () => {
    const { socket, written, flush } = fakeSocket();
    let coalesced = 0;
    const out = createOutbound(socket, {
      maxBufferedBytes: 10,
      maxQueuedEvents: 10,
      onOverflow: () => {},
      onCoalesce: () => coalesced++,
    });
    out.push(frame("w"), "event");
    socket.buffered = 10;
    out.push(frame("nas1-1"), "latest", "system.stats@nas1");
    out.push(frame("nas2-1"), "latest", "system.stats@nas2");
    out.push(frame("alert"), "event");
    out.push(frame("nas1-2"), "latest", "system.stats@nas1");
    out.push(frame("nas1-3"), "latest", "system.stats@nas1");
    expect(coalesced).toBe(2);
    socket.buffered = 0;
    flush();
    // arrival order is kept: a channel's seqs never go backwards on the wire
    expect(written).toEqual(["w", "nas2-1", "alert", "nas1-3"]);
    expect(out.queued).toBe(0);
  });

  it("calls onOverflow once past maxQueuedEvents, drops the queue and ignores further frames", () => {
    const { socket, written, flush } = fakeSocket();
    let overflows = 0;
    const out = createOutbound(socket, {
      maxBufferedBytes: 1,
      maxQueuedEvents: 3,
      onOverflow: () => overflows++,
    });
    socket.buffered = 1;
    for (let i = 0; i < 3; i++) out.push(frame(`e${i}`), "event");
    for (let i = 0; i < 50; i++) out.push(frame(`l${i}`), "latest", "only-one-key");
    expect(overflows).toBe(0);
    out.push(frame("e3"), "control");
    expect(overflows).toBe(1);
    expect(out.stopped).toBe(true);
    expect(out.queued).toBe(0);
    out.push(frame("late"), "event");
    socket.buffered = 0;
    flush();
    expect(written).toEqual([]);
    expect(overflows).toBe(1);
  });

  it("drains only while the buffer stays below the bound", () => {
    const { socket, written, flush } = fakeSocket({ bytesPerWrite: 1 });
    const out = createOutbound(socket, { maxBufferedBytes: 2, maxQueuedEvents: 100, onOverflow: () => {} });
    socket.buffered = 2;
    for (let i = 0; i < 5; i++) out.push(frame(`e${i}`), "event");
    expect(written).toEqual([]);
    socket.buffered = 0;
    flush(); // nothing was written yet, so nothing drains by itself…
    out.push(frame("e5"), "event"); // …until the next write attempt, which queues behind e0-e4
    expect(written).toEqual([]);
  });

  it("resumes draining on each completed write", () => {
    const { socket, written, flush } = fakeSocket({ bytesPerWrite: 1 });
    const out = createOutbound(socket, { maxBufferedBytes: 2, maxQueuedEvents: 100, onOverflow: () => {} });
    out.push(frame("w"), "event"); // written; buffer 1
    out.push(frame("x"), "event"); // written; buffer 2
    for (let i = 0; i < 5; i++) out.push(frame(`e${i}`), "event");
    expect(written).toEqual(["w", "x"]);
    socket.buffered = 0;
    flush();
    expect(written).toEqual(["w", "x", "e0", "e1"]);
    socket.buffered = 0;
    flush();
    expect(written).toEqual(["w", "x", "e0", "e1", "e2", "e3"]);
    socket.buffered = 0;
    flush();
    expect(written).toEqual(["w", "x", "e0", "e1", "e2", "e3", "e4"]);
    expect(out.queued).toBe(0);
  });

  it("does not pile up superseded entries while a client lags on a busy latest channel", () => {
    const { socket, written, flush } = fakeSocket();
    const out = createOutbound(socket, { maxBufferedBytes: 1, maxQueuedEvents: 10, onOverflow: () => {} });
    out.push(frame("w"), "event");
    socket.buffered = 1;
    for (let i = 0; i < 10_000; i++) out.push(frame(`s${i}`), "latest", `system.stats@nas${i % 3}`);
    expect(out.queued).toBeLessThan(200);
    socket.buffered = 0;
    flush();
    expect(written).toEqual(["w", "s9997", "s9998", "s9999"]);
  });
});
