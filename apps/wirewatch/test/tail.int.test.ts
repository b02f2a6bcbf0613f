import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Bus,
  createMemoryBroker,
  createMemoryBus,
  type MemoryBroker,
  silentLogger,
} from "@wirewatch/bus";
import { createGateway, listenGateway } from "@wirewatch/gateway";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { CLI } from "./helpers/start-process.js";

const TOKEN = "tail-token-0123456789abcdef";

/** A gateway on a loopback port over a MemoryBus of `broker` (a restart keeps the broker = history). */
async function gateway(broker: MemoryBroker, port = 0) {
  const bus = createMemoryBus({ logger: silentLogger, broker });
  const gw = createGateway({
    bus,
    hostName: "gw-test",
    auth: { mode: "token", tokens: [{ name: "reader", token: TOKEN }] },
    reconnectAfterMs: 50,
  });
  const listening = await listenGateway(gw, { host: "127.0.0.1", port });
  return {
    bus,
    port: listening.port,
    url: `ws://127.0.0.1:${listening.port}/api/v1/ws`,
    async close() {
      await listening.close();
      await bus.close();
    },
  };
}

/** Runs the built `wirewatch tail` as a user would, with an empty HOME. */
function tail(args: string[]) {
  const home = mkdtempSync(join(tmpdir(), "wirewatch-tail-"));
  let out = "";
  let err = "";
  const child: ChildProcess = spawn(process.execPath, [CLI, "tail", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => {
    out += d;
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  children.push(child);
  return {
    exited,
    stderr: () => err,
    /** The --json lines printed so far, parsed. */
    events: () =>
      out
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { seq: number; epoch: string; data: { i: number } }),
  };
}

const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const close of closers.splice(0)) await close();
});

describe("wirewatch tail", () => {
  it("keeps tailing across a gateway restart: notes on stderr, every event once, gaps reported", async () => {
    const broker = createMemoryBroker();
    const first = await gateway(broker);
    const publish = (bus: Bus, i: number) =>
      bus.publish({ channel: "custom.tail", host: "nas1", data: { i } });
    const t = tail(["custom.tail", "--json", "--url", first.url, "--token", TOKEN]);
    // the subscription is live once the gateway has a socket subscribed; publish until one arrives
    await waitFor(
      async () => {
        await publish(first.bus, 0);
        return t.events().length > 0;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    for (let i = 1; i <= 5; i++) await publish(first.bus, i);
    await waitFor(() => t.events().some((e) => e.data.i === 5));

    await first.close(); // 1001; events published meanwhile are replayed after the reconnect
    const meanwhile = createMemoryBus({ logger: silentLogger, broker });
    for (let i = 6; i <= 8; i++) await publish(meanwhile, i);
    await meanwhile.close();
    const second = await gateway(broker, first.port);
    closers.push(second.close);
    await waitFor(() => t.events().some((e) => e.data.i === 8), { timeoutMs: 15_000 });
    await publish(second.bus, 9);
    await waitFor(() => t.events().some((e) => e.data.i === 9));
    expect(t.stderr()).toMatch(
      /connection to ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/ws lost \(1001\); reconnecting in/,
    );
    expect(t.stderr()).toMatch(/reconnected to ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/ws; resuming/);
    const seqs = t.events().map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(
      t
        .events()
        .slice(-9)
        .map((e) => e.data.i),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // history lost (a new backend): the gap is reported, tailing goes on
    await second.close();
    closers.pop();
    const third = await gateway(createMemoryBroker(), first.port);
    closers.push(third.close);
    await waitFor(() => /custom\.tail: events after seq \d+ may be missing/.test(t.stderr()), {
      timeoutMs: 15_000,
    });
    await publish(third.bus, 10);
    await waitFor(() => t.events().some((e) => e.data.i === 10));
    expect(t.stderr()).toContain("could not replay them (its history restarted)");
    expect(t.stderr()).not.toContain(TOKEN);
  });

  it("exits 1 with a clear message when the token is refused", async () => {
    const gw = await gateway(createMemoryBroker());
    closers.push(gw.close);
    const t = tail(["system.stats", "--url", gw.url, "--token", "wrong-token-0123456789"]);
    expect(await t.exited).toBe(1);
    expect(t.stderr()).toMatch(/refused the connection: HTTP 401 \(token missing or wrong\)/);
  });

  it("exits 1 when the gateway refuses every channel", async () => {
    const gw = await gateway(createMemoryBroker());
    closers.push(gw.close);
    const t = tail(["gateway.clients", "--url", gw.url, "--token", TOKEN]);
    expect(await t.exited).toBe(1);
    expect(t.stderr()).toContain("forbidden_channel");
    expect(t.stderr()).toContain("no channel left to tail");
  });
});
