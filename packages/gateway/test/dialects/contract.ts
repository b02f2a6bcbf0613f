import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import {
  type BusEvent,
  type ClientCommand,
  ERROR_CODES,
  type ErrorReply,
  type PongReply,
  reply,
  type ServerReply,
  type SubscriptionAck,
} from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Principal } from "../../src/auth/principal.js";
import { busStatusReply } from "../../src/connection/bus-status.js";
import { createGateway } from "../../src/create-gateway.js";
import type { DecodedCommand, Dialect, DialectFramer } from "../../src/dialect.js";
import { silentLogger as gatewayLogger } from "../../src/logger.js";
import { createHub, type EncodedEvent } from "../../src/subscription/hub.js";
import { sessionRig } from "../helpers/session-rig.js";

/** An event as a publisher hands it to the bus. */
export interface Draft {
  channel: string;
  host: string;
  data: Record<string, unknown>;
}

/** What the suite needs to know of one dialect. */
export interface DialectUnderTest {
  /** A fresh instance: dialects hold state shared by their sockets (MonServ's host view, mailboxes). */
  make(): Dialect;
  /** Events the dialect forwards (at least one frame among them), in publish order. */
  forwarded: readonly Draft[];
  /** For a dialect that reads commands: frames and the command each decodes to. */
  commands?: readonly { frame: string; command: ClientCommand }[];
}

const ADMIN: Principal = { name: "admin", source: "static", permissions: new Set(["admin"]) };
const PUBLISH_ONLY: Principal = { name: "writer", source: "static", permissions: new Set(["publish"]) };

/** Client frames no dialect may throw on. */
const ODD_FRAMES = [
  "",
  "{not json",
  "null",
  "[]",
  '"text"',
  "42",
  '{"type":42,"id":1}',
  '{"type":"no_such_command","id":7}',
  '{"type":"subscribe","channel":{"nested":true},"id":"x"}',
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  "\u0000\uFFFF\uD800",
  JSON.stringify({ type: "ping", padding: "x".repeat(70_000) }),
];

const REPLIES: ServerReply[] = [
  reply<PongReply>({ type: "pong" }, 1),
  reply<ErrorReply>({ type: "error", code: "invalid_json", message: "frame is not valid JSON" }, "a"),
  reply<SubscriptionAck>({ type: "subscription_ack", channels: ["system.stats"], status: "subscribed" }),
  busStatusReply(false),
];

/** Publishes the drafts on a fresh MemoryBus and returns them sealed, in order. */
async function seal(drafts: readonly Draft[]): Promise<BusEvent[]> {
  const bus = createMemoryBus({ logger: silentLogger });
  const sealed: BusEvent[] = [];
  for (const draft of drafts) sealed.push(await bus.publish(draft));
  await bus.close();
  return sealed;
}

function expectWellFormed(decoded: DecodedCommand, pushOnly: boolean): void {
  if (pushOnly) {
    expect(decoded).toEqual({ ok: true, command: null });
    return;
  }
  if (decoded.ok) {
    expect(decoded.command === null || typeof decoded.command.type === "string").toBe(true);
    return;
  }
  expect(Object.keys(ERROR_CODES)).toContain(decoded.code);
  expect(decoded.message.length).toBeGreaterThan(0);
}

/**
 * Wraps a dialect's methods to record, in order, `createFramer`, `onConnect` (and `connected` when
 * it has finished), every `decode`, `framer.push`ed frame, `framer.close` and every non-null frame
 * `encode` returned.
 */
function instrument(dialect: Dialect) {
  const calls: string[] = [];
  const pushed: string[] = [];
  const encoded: string[] = [];
  const encode = dialect.encode.bind(dialect);
  dialect.encode = (event) => {
    const text = encode(event);
    if (text !== null) encoded.push(text);
    return text;
  };
  const decode = dialect.decode.bind(dialect);
  dialect.decode = (frame) => {
    calls.push("decode");
    return decode(frame);
  };
  const createFramer = dialect.createFramer?.bind(dialect);
  if (createFramer) {
    dialect.createFramer = (session): DialectFramer => {
      calls.push("createFramer");
      const framer = createFramer(session);
      return {
        push: (frame, event) => {
          pushed.push(frame.toString("utf8"));
          framer.push(frame, event);
        },
        close: () => {
          calls.push("framer.close");
          framer.close();
        },
      };
    };
  }
  const onConnect = dialect.onConnect?.bind(dialect);
  if (onConnect) {
    dialect.onConnect = async (session) => {
      calls.push("onConnect");
      await onConnect(session);
      calls.push("connected");
    };
  }
  const count = (call: string) => calls.filter((c) => c === call).length;
  /** Resolves once onConnect (if any) has finished. */
  const connected = () => (onConnect ? waitFor(() => calls.includes("connected")) : Promise.resolve(true));
  return { calls, pushed, encoded, count, connected, hasFramer: !!createFramer, hasOnConnect: !!onConnect };
}

/** Lets the socket's command chain run what it was given. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The Dialect contract (src/dialect.ts, docs/architecture.md §7): what every dialect promises the
 * gateway, and what the gateway promises a dialect, checked the same way for each.
 */
export function runDialectContract(name: string, subject: DialectUnderTest): void {
  describe(`Dialect contract: ${name}`, () => {
    const rigs: ReturnType<typeof sessionRig>[] = [];
    const rig = (dialect: Dialect, principal: Principal = ADMIN) => {
      const r = sessionRig({ dialect, principal });
      rigs.push(r);
      return r;
    };
    afterEach(async () => {
      for (const r of rigs.splice(0)) await r.close();
      vi.useRealTimers();
    });

    it("names itself, an exact path, subprotocols without token entries, and how a bad token is refused", () => {
      const dialect = subject.make();
      expect(dialect.name).toMatch(/^[a-z]+$/);
      expect(dialect.path.startsWith("/")).toBe(true);
      expect(dialect.path).not.toMatch(/[?#*]/);
      for (const p of dialect.subprotocols) expect(p.startsWith("token.")).toBe(false);
      expect(["http", "close"]).toContain(dialect.unauthorized);
      dialect.close?.();
    });

    it("encode runs at most once per live event, and every socket of the dialect gets that same Buffer", async () => {
      const dialect = subject.make();
      const encode = vi.spyOn(dialect, "encode");
      const bus = createMemoryBus({ logger: silentLogger });
      const hub = createHub(bus, gatewayLogger());
      const got: (Buffer | null)[][] = [[], [], []];
      const encodedEvents: EncodedEvent[] = [];
      const channels = [...new Set(subject.forwarded.map((d) => d.channel))];
      got.forEach((frames, i) => {
        const deliver = (_event: BusEvent, encoded: EncodedEvent) => {
          if (i === 0) encodedEvents.push(encoded);
          frames.push(encoded.frame(dialect));
        };
        for (const channel of channels) void hub.attach({ dialect, deliver }, channel);
      });
      await Promise.all(channels.map((c) => hub.attach({ dialect, deliver: () => {} }, c)));
      for (const draft of subject.forwarded) await bus.publish(draft);
      await waitFor(() => got[2]!.length === subject.forwarded.length);
      expect(encode).toHaveBeenCalledTimes(subject.forwarded.length);
      for (const encoded of encodedEvents) expect(encoded.encodings).toBe(1);
      for (let n = 0; n < subject.forwarded.length; n++) {
        expect(got[1]![n]).toBe(got[0]![n]);
        expect(got[2]![n]).toBe(got[0]![n]);
      }
      expect(got[0]!.some((frame) => frame !== null)).toBe(true);
      hub.close();
      await bus.close();
      dialect.close?.();
    });

    it("encode depends on the events only: two instances fed the same events write the same JSON frames", async () => {
      const events = await seal([
        ...subject.forwarded,
        { channel: "custom.contract", host: "h", data: { n: 1 } },
      ]);
      const [a, b] = [subject.make(), subject.make()];
      const framesOf = (d: Dialect) => events.map((event) => d.encode(event));
      const frames = framesOf(a);
      expect(framesOf(b)).toEqual(frames);
      for (const frame of frames) if (frame !== null) expect(() => JSON.parse(frame)).not.toThrow();
      a.close?.();
      b.close?.();
    });

    it("decode never throws: a command, `command: null` (push-only: always), or an error with a known code", () => {
      const dialect = subject.make();
      const pushOnly = dialect.pushOnly === true;
      for (const frame of [...ODD_FRAMES, ...(subject.commands ?? []).map((c) => c.frame)]) {
        let decoded: DecodedCommand | undefined;
        expect(() => {
          decoded = dialect.decode(frame);
        }).not.toThrow();
        expectWellFormed(decoded!, pushOnly);
      }
      for (const { frame, command } of subject.commands ?? []) {
        expect(dialect.decode(frame)).toEqual({ ok: true, command });
      }
      if (!pushOnly) {
        const refused = dialect.decode('{"type":"no_such_command","id":7}');
        expect(refused).toMatchObject({ ok: false, id: 7 });
      }
      dialect.close?.();
    });

    it("encodeReply: null for every reply of a push-only dialect, one JSON frame each otherwise", () => {
      const dialect = subject.make();
      for (const body of REPLIES) {
        const text = dialect.encodeReply(body);
        if (dialect.pushOnly) expect(text).toBeNull();
        else expect(JSON.parse(text!)).toMatchObject({ type: body.type });
      }
      expect(dialect.pushOnly === true || subject.commands !== undefined).toBe(true);
      dialect.close?.();
    });

    it("createFramer once, before onConnect; every event frame through it in order; closed once with the socket", async () => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const dialect = subject.make();
      const seen = instrument(dialect);
      const r = rig(dialect);
      await seen.connected();
      expect(r.session.open).toBe(true);
      expect(seen.calls).toEqual([
        ...(seen.hasFramer ? ["createFramer"] : []),
        ...(seen.hasOnConnect ? ["onConnect", "connected"] : []),
      ]);
      await r.session.subscribe([...new Set(subject.forwarded.map((d) => d.channel))], { snapshot: false });
      const before = r.socket.frames.length;
      const written = () => (seen.hasFramer ? seen.pushed : r.socket.frames.slice(before));
      for (const draft of subject.forwarded) await r.bus.publish(draft);
      await waitFor(() => seen.encoded.length > 0 && written().length >= seen.encoded.length);
      expect(written()).toEqual(seen.encoded);
      r.socket.peerClosed();
      const total = r.socket.frames.length;
      vi.advanceTimersByTime(60_000); // a framer writes nothing once closed
      expect(r.socket.frames.length).toBe(total);
      expect([seen.count("createFramer"), seen.count("framer.close")]).toEqual(
        seen.hasFramer ? [1, 1] : [0, 0],
      );
      dialect.close?.();
      expect(vi.getTimerCount()).toBe(0);
    });

    it("onConnect runs once, and a client frame sent at once is decoded only after it", async () => {
      const dialect = subject.make();
      const seen = instrument(dialect);
      const r = rig(dialect);
      r.socket.clientSends('{"type":"ping","id":1}');
      await waitFor(() => seen.count("decode") === 1);
      expect(seen.calls.filter((c) => c !== "createFramer")).toEqual(
        seen.hasOnConnect ? ["onConnect", "connected", "decode"] : ["decode"],
      );
      dialect.close?.();
    });

    it("a token that may not read what the dialect subscribes at connect is closed 4403, never subscribed", async () => {
      const dialect = subject.make();
      const seen = instrument(dialect);
      const r = rig(dialect, PUBLISH_ONLY);
      await seen.connected();
      expect(r.session.subscriptions.size).toBe(0);
      if (r.socket.closedWith) expect(r.socket.closedWith.code).toBe(4403);
      const other = subject.make();
      const allowed = instrument(other);
      const admin = rig(other);
      await allowed.connected();
      expect(admin.socket.closedWith).toBeUndefined(); // its connect path works for a token that may read
      expect(admin.session.open).toBe(true);
      dialect.close?.();
      other.close?.();
    });

    it("push-only dialects drop client frames, binary included; the others close 1003 on binary", async () => {
      const dialect = subject.make();
      const seen = instrument(dialect);
      const r = rig(dialect);
      await seen.connected();
      const written = r.socket.frames.length;
      r.socket.clientSends('{"type":"ping","id":1}');
      r.socket.clientSends(Buffer.from([0xff, 0x00]), true);
      await settle();
      if (dialect.pushOnly) {
        expect(seen.count("decode")).toBe(2);
        expect(r.socket.closedWith).toBeUndefined();
        expect(r.socket.frames.length).toBe(written);
      } else {
        expect(r.socket.closedWith?.code).toBe(1003);
      }
      dialect.close?.();
    });

    it("close runs once when the gateway closes, and leaves no timer; two instances on one gateway conflict", async () => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const dialect = subject.make();
      const close = dialect.close ? vi.spyOn(dialect, "close") : undefined;
      const bus = createMemoryBus({ logger: silentLogger });
      const gateway = createGateway({ bus, auth: { mode: "none" }, dialects: [dialect] });
      await gateway.close();
      await gateway.close();
      if (close) expect(close).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
      expect(() =>
        createGateway({ bus, auth: { mode: "none" }, dialects: [subject.make(), subject.make()] }),
      ).toThrow(expect.objectContaining({ code: "WW_GATEWAY_DIALECT_CONFLICT" }));
      await bus.close();
    });
  });
}
