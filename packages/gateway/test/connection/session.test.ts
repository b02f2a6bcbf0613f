import { CLOSE_CODES } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startHeartbeat } from "../../src/connection/heartbeat.js";
import { MAX_TIMER_MS } from "../../src/connection/session-expiry.js";
import type { Dialect } from "../../src/dialect.js";
import { createNativeDialect } from "../../src/dialects/native.js";
import { READER, sessionRig } from "../helpers/session-rig.js";

type Rig = ReturnType<typeof sessionRig>;
const rigs: Rig[] = [];
const rig = (options: Parameters<typeof sessionRig>[0] = {}): Rig => {
  const r = sessionRig(options);
  rigs.push(r);
  return r;
};
afterEach(async () => {
  vi.useRealTimers();
  for (const r of rigs.splice(0)) await r.close();
});

/** Subscribes the native session to `channel` as a client would and waits for the ack. */
async function subscribed(r: Rig, channel = "custom.a"): Promise<void> {
  r.socket.clientSends(JSON.stringify({ type: "subscribe", channel, snapshot: false }));
  await waitFor(() => r.socket.json().some((f) => f.type === "subscription_ack"));
  await waitFor(() => r.ctx.hub.subscriberCount(channel) === 1);
}

/** Everything a released session gave back: hub, gauge, onClosed once, nothing written any more. */
async function expectReleasedOnce(r: Rig): Promise<void> {
  expect(r.released).toEqual([r.session]);
  expect(r.session.open).toBe(false);
  expect(r.ctx.hub.channels()).toEqual([]);
  expect(r.session.subscriptions.size).toBe(0);
  expect(await r.connections()).toBe(0);
  const written = r.socket.frames.length;
  r.session.send('{"late":true}');
  expect(r.socket.frames.length).toBe(written);
  r.socket.peerClosed(); // a second close event changes nothing
  expect(r.released).toHaveLength(1);
}

describe("Session close paths (a fake socket in place of ws)", () => {
  it("client close: releases once — hub detached, framer closed once, onceReleased and onClosed called", async () => {
    let framerCloses = 0;
    const framed: Dialect = {
      ...createNativeDialect(),
      createFramer: (session) => ({
        push: (frame) => session.send(frame.toString()),
        close: () => framerCloses++,
      }),
    };
    const r = rig({ dialect: framed });
    await subscribed(r);
    expect(await r.connections()).toBe(1);
    let released = 0;
    r.session.onceReleased(() => released++);
    r.socket.peerClosed();
    expect(r.session.closeCode).toBeUndefined();
    expect(r.socket.closedWith).toBeUndefined();
    expect(released).toBe(1);
    expect(framerCloses).toBe(1);
    await expectReleasedOnce(r);
    expect(framerCloses).toBe(1);
    r.session.onceReleased(() => released++); // after the release: called at once
    expect(released).toBe(2);
  });

  it("4008 slow consumer: more queued event frames than maxQueuedEvents while ws holds the buffer", async () => {
    const r = rig({ limits: { slowConsumer: { maxBufferedBytes: 1, maxQueuedEvents: 3 } } });
    await subscribed(r);
    r.socket.bufferedAmount = 10; // ws and the kernel take nothing more
    for (let n = 1; n <= 3; n++) await r.bus.publish({ channel: "custom.a", host: "h1", data: { n } });
    expect(r.socket.closedWith).toBeUndefined();
    await r.bus.publish({ channel: "custom.a", host: "h1", data: { n: 4 } });
    await waitFor(() => r.socket.closedWith !== undefined);
    expect(r.socket.closedWith).toEqual({ code: CLOSE_CODES.slowConsumer, reason: "slow consumer" });
    expect(r.session.closeCode).toBe(4008);
    expect((await r.dropped()).slow_consumer).toBe(1);
    expect(r.ctx.hub.channels()).toEqual([]); // detached at the close, before the handshake ends
    expect(r.released).toEqual([]);
    r.socket.peerClosed();
    await expectReleasedOnce(r);
  });

  it("4008 slow consumer: more live events held than maxQueuedEvents while a subscription starts", async () => {
    const r = rig({ limits: { slowConsumer: { maxQueuedEvents: 2 } } });
    await subscribed(r);
    r.session.holdLive("custom.a");
    for (let n = 1; n <= 2; n++) await r.bus.publish({ channel: "custom.a", host: "h1", data: { n } });
    expect(r.socket.closedWith).toBeUndefined();
    await r.bus.publish({ channel: "custom.a", host: "h1", data: { n: 3 } });
    await waitFor(() => r.socket.closedWith !== undefined);
    expect(r.socket.closedWith?.code).toBe(CLOSE_CODES.slowConsumer);
    r.session.releaseHeld("custom.a"); // the subscribe ends: nothing is written to a closing socket
    expect(r.socket.json().filter((f) => f.channel === "custom.a")).toEqual([]);
    r.socket.peerClosed();
    await expectReleasedOnce(r);
  });

  it("4401 when the JWT expires, and at once for one already expired", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const r = rig({ principal: { ...READER, source: "jwt", expiresAt: Date.now() + 60_000 } });
    vi.advanceTimersByTime(59_999);
    expect(r.socket.closedWith).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(r.socket.closedWith).toEqual({ code: CLOSE_CODES.unauthorized, reason: "token expired" });
    r.socket.peerClosed();
    await expectReleasedOnce(r);

    const late = rig({ principal: { ...READER, source: "jwt", expiresAt: Date.now() - 1 } });
    expect(late.socket.closedWith?.code).toBe(CLOSE_CODES.unauthorized);
  });

  it("4401 for an expiry beyond setTimeout's range (re-armed), and no timer left once released", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const far = rig({ principal: { ...READER, source: "jwt", expiresAt: Date.now() + MAX_TIMER_MS + 5000 } });
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(far.socket.closedWith).toBeUndefined();
    vi.advanceTimersByTime(5000);
    expect(far.socket.closedWith?.code).toBe(CLOSE_CODES.unauthorized);

    const timers = vi.getTimerCount();
    const gone = rig({ principal: { ...READER, source: "jwt", expiresAt: Date.now() + 60_000 } });
    expect(vi.getTimerCount()).toBe(timers + 1);
    gone.socket.peerClosed();
    expect(vi.getTimerCount()).toBe(timers);
    vi.advanceTimersByTime(60_000);
    expect(gone.socket.closedWith).toBeUndefined();
    expect(gone.released).toHaveLength(1);
  });

  it("no expiry timer for a principal without expiresAt", () => {
    vi.useFakeTimers();
    const before = vi.getTimerCount();
    rig();
    expect(vi.getTimerCount()).toBe(before);
  });

  it("4429: the first message over the rate gets rate_limited, the next one closes", async () => {
    const r = rig({ limits: { rateLimit: { messagesPerSecond: 1, burst: 2 } } });
    for (let i = 1; i <= 3; i++) r.socket.clientSends(JSON.stringify({ type: "ping", id: i }));
    await waitFor(() => r.socket.frames.length === 3);
    // the refusal is written at once; the two accepted pings are answered in turn after it
    expect(r.socket.json().map((f) => [f.type, f.code ?? f.id])).toEqual([
      ["error", "rate_limited"],
      ["pong", 1],
      ["pong", 2],
    ]);
    expect(r.socket.closedWith).toBeUndefined();
    r.socket.clientSends(JSON.stringify({ type: "ping", id: 4 }));
    expect(r.socket.closedWith).toEqual({ code: CLOSE_CODES.rateLimited, reason: "rate limited" });
    expect((await r.dropped()).rate_limited).toBe(2);
    r.socket.peerClosed();
    await expectReleasedOnce(r);
  });

  it("1008 after maxConsecutiveInvalid undecodable frames, each answered with its error", async () => {
    const r = rig({ limits: { maxConsecutiveInvalid: 3 } });
    for (let i = 0; i < 3; i++) r.socket.clientSends("{not json");
    await waitFor(() => r.socket.closedWith !== undefined);
    expect(r.socket.closedWith).toEqual({ code: CLOSE_CODES.policy, reason: "too many invalid messages" });
    expect(r.socket.json().map((f) => f.code)).toEqual(["invalid_json", "invalid_json", "invalid_json"]);
    expect((await r.dropped()).invalid).toBe(3);
    r.socket.peerClosed();
    await expectReleasedOnce(r);
  });

  it("1003 for a binary frame on a dialect that reads commands; dropped on a push-only one", async () => {
    const r = rig();
    r.socket.clientSends(Buffer.from([1, 2, 3]), true);
    expect(r.socket.closedWith?.code).toBe(CLOSE_CODES.unsupportedData);
    expect(r.session.messagesIn).toBe(1);
    expect((await r.dropped()).invalid).toBe(1);
    r.socket.peerClosed();
    await expectReleasedOnce(r);

    const pushOnly: Dialect = {
      ...createNativeDialect(),
      pushOnly: true,
      encodeReply: () => null,
      decode: () => ({ ok: true, command: null }),
    };
    const p = rig({ dialect: pushOnly });
    p.socket.clientSends(Buffer.from([1, 2, 3]), true);
    p.socket.clientSends("anything");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(p.socket.closedWith).toBeUndefined();
    expect(p.socket.frames).toEqual([]);
    expect(p.session.messagesIn).toBe(2);
  });

  it("1009: ws reports a frame over maxFrameBytes; the session records the code and counts it", async () => {
    const r = rig();
    r.socket.frameTooBig();
    expect(r.session.closeCode).toBe(CLOSE_CODES.tooBig);
    expect((await r.dropped()).frame_too_big).toBe(1);
    r.socket.peerClosed(); // ws closes the socket itself
    await expectReleasedOnce(r);
    expect(r.released[0]!.closeCode).toBe(1009);
  });

  it("1001 at shutdown: queued frames dropped, hub detached at once, released when the handshake ends or on terminate", async () => {
    const r = rig();
    await subscribed(r);
    let released = false;
    r.session.onceReleased(() => {
      released = true;
    });
    const hint = JSON.stringify({ reconnect: true, retry_after_ms: 1500 });
    r.session.close(CLOSE_CODES.goingAway, hint);
    expect(r.socket.closedWith).toEqual({ code: 1001, reason: hint });
    expect(r.ctx.hub.channels()).toEqual([]);
    r.session.close(CLOSE_CODES.policy, "second close"); // ignored: one close per socket
    expect(r.socket.closedWith?.code).toBe(1001);
    expect(released).toBe(false);
    r.session.terminate("shutdown"); // the close timeout passed
    expect(r.socket.terminated).toBe(1);
    expect(released).toBe(true);
    expect((await r.dropped()).heartbeat).toBeUndefined();
    await expectReleasedOnce(r);
  });

  it("heartbeat: pinged while it answers, terminated after a ping without pong", async () => {
    vi.useFakeTimers();
    const r = rig();
    const heartbeat = startHeartbeat(() => [r.session], 1000);
    vi.advanceTimersByTime(1000);
    expect(r.socket.pings).toBe(1);
    r.socket.pong();
    vi.advanceTimersByTime(1000);
    expect(r.socket.pings).toBe(2);
    expect(r.socket.terminated).toBe(0);
    vi.advanceTimersByTime(1000); // no pong for the second ping
    expect(r.socket.terminated).toBe(1);
    expect(r.socket.closedWith).toBeUndefined();
    heartbeat.stop();
    vi.useRealTimers();
    expect((await r.dropped()).heartbeat).toBe(1);
    await expectReleasedOnce(r);
  });

  it("4403 when a dialect subscribes at connect to a channel the token may not read; 1008 for an unknown one", async () => {
    const atConnect = (channels: string[]): Dialect => ({
      ...createNativeDialect(),
      onConnect: (session) => session.subscribe(channels),
    });
    const forbidden = rig({ dialect: atConnect(["jobs"]) }); // admin-only
    await waitFor(() => forbidden.socket.closedWith !== undefined);
    expect(forbidden.socket.closedWith).toEqual({ code: CLOSE_CODES.forbidden, reason: "forbidden channel" });
    forbidden.socket.peerClosed();
    await expectReleasedOnce(forbidden);

    const unknown = rig({ dialect: atConnect(["no.such.channel"]) });
    await waitFor(() => unknown.socket.closedWith !== undefined);
    expect(unknown.socket.closedWith).toEqual({ code: CLOSE_CODES.policy, reason: "unknown_channel" });
  });
});
