import { CLOSE_CODES, type ClientCommand, decodeCommand } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { createInbound, type InboundOptions } from "../../src/connection/inbound.js";
import type { RateDecision } from "../../src/connection/rate-limit.js";
import { silentLogger } from "../../src/logger.js";

function harness(overrides: Partial<InboundOptions> = {}, decisions: RateDecision[] = []) {
  const log: string[] = [];
  let open = true;
  const options: InboundOptions = {
    rate: { take: () => decisions.shift() ?? "ok" },
    maxConsecutiveInvalid: 3,
    maxInvalidPerMinute: 100,
    decode: decodeCommand,
    run: async (command: ClientCommand) => {
      log.push(`run:${command.type}:${command.id ?? ""}`);
    },
    sendError: (code, _message, id) => log.push(`error:${code}:${id ?? ""}`),
    close: (code) => {
      open = false;
      log.push(`close:${code}`);
    },
    isOpen: () => open,
    onRefused: (reason) => log.push(`refused:${reason}`),
    logger: silentLogger(),
    sessionId: "s1",
    ...overrides,
  };
  return { inbound: createInbound(options), log };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("inbound (command intake)", () => {
  it("runs commands strictly one after another", async () => {
    const order: string[] = [];
    const { inbound } = harness({
      run: async (command) => {
        order.push(`start:${command.id}`);
        await new Promise((resolve) => setTimeout(resolve, command.id === 1 ? 20 : 0));
        order.push(`end:${command.id}`);
      },
    });
    inbound.receive('{"type":"ping","id":1}');
    inbound.receive('{"type":"ping","id":2}');
    await waitFor(() => order.length === 4);
    expect(order).toEqual(["start:1", "end:1", "start:2", "end:2"]);
  });

  it("warns once on the rate limit and closes 4429 when it continues", async () => {
    const { inbound, log } = harness({}, ["ok", "warn", "close"]);
    inbound.receive('{"type":"ping","id":1}');
    inbound.receive('{"type":"ping","id":2}');
    inbound.receive('{"type":"ping","id":3}');
    await settle();
    // the first message was queued, but the socket closed before its turn came
    expect(log).toEqual([
      "refused:rate_limited",
      "error:rate_limited:",
      "refused:rate_limited",
      `close:${CLOSE_CODES.rateLimited}`,
    ]);
  });

  it("closes 1008 after maxConsecutiveInvalid undecodable frames in a row", async () => {
    const { inbound, log } = harness();
    inbound.receive("x");
    inbound.receive("y");
    inbound.receive('{"type":"ping"}');
    inbound.receive("z");
    inbound.receive('{"type":"nope","id":9}');
    inbound.receive("w");
    await settle();
    expect(log).toEqual([
      "refused:invalid",
      "error:invalid_json:",
      "refused:invalid",
      "error:invalid_json:",
      "run:ping:",
      "refused:invalid",
      "error:invalid_json:",
      "refused:invalid",
      "error:unknown_type:9",
      "refused:invalid",
      "error:invalid_json:",
      `close:${CLOSE_CODES.policy}`,
    ]);
  });

  it("closes 1008 after maxInvalidPerMinute bad frames mixed with good ones, counted per 60 s", async () => {
    let now = 0;
    const { inbound, log } = harness({ maxInvalidPerMinute: 4, now: () => now });
    const badThenGood = async () => {
      inbound.receive("x");
      inbound.receive('{"type":"ping"}');
      await settle();
    };
    await badThenGood();
    await badThenGood();
    await badThenGood();
    now = 60_000; // a new window: the three above no longer count
    await badThenGood();
    await badThenGood();
    await badThenGood();
    expect(log.filter((line) => line.startsWith("close:"))).toEqual([]);
    await badThenGood(); // the fourth bad frame within this window
    expect(log.filter((line) => line.startsWith("close:"))).toEqual([`close:${CLOSE_CODES.policy}`]);
    expect(log.filter((line) => line === "run:ping:")).toHaveLength(6);
  });

  it("answers internal when a command throws and keeps going", async () => {
    const { inbound, log } = harness({
      run: async (command) => {
        if (command.id === "boom") throw new Error("bug");
        log.push(`run:${command.id}`);
      },
    });
    inbound.receive('{"type":"ping","id":"boom"}');
    inbound.receive('{"type":"ping","id":"next"}');
    await settle();
    expect(log).toEqual(["error:internal:", "run:next"]);
  });

  it("runs nothing once the socket is closed", async () => {
    const { inbound, log } = harness({ isOpen: () => false });
    inbound.receive('{"type":"ping"}');
    inbound.enqueue(async () => {
      log.push("task");
    });
    await settle();
    expect(log).toEqual([]);
  });
});
