import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { retarget, seedExample, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Started, startWirewatch } from "./helpers/start-process.js";

/**
 * Issue 3, "done when": UMA's own JavaScript (Node, ws) and Python (Debian's python3-websockets)
 * examples, taken from seeds/uma-websocket-guide.md with only the URL changed, connect to a
 * started `wirewatch start` (real host collector, real /proc) and print live CPU and memory.
 */
const SEED = "uma-websocket-guide.md";
const SEED_URL = "ws://your-unraid-ip:34600/api/v1/ws";
const PYTHON = "/usr/bin/python3"; // Debian's, where python3-websockets is installed

let ww: Started;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ww = await startWirewatch();
  dir = await mkdtemp(join(tmpdir(), "wirewatch-uma-"));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await ww?.stop();
  await rm(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const child = spawn(cmd, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stdout?.on("data", (d: Buffer) => {
    out += d;
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d;
  });
  return { child, out: () => out, err: () => err };
}

const FIGURE = /(\d+(?:\.\d+)?)%/g;
function figures(line: string): number[] {
  return [...line.matchAll(FIGURE)].map((m) => Number(m[1]));
}

describe("UMA's examples against wirewatch start", () => {
  it("Node.js: prints 'System: CPU x%, Memory y%' lines with live figures", async () => {
    const script = retarget(seedExample(SEED, "### Node.js", "javascript"), SEED_URL, ww.wsUrl);
    const file = join(dir, "uma-node.cjs");
    await writeFile(file, script);
    const wsModules = dirname(dirname(createRequire(import.meta.url).resolve("ws/package.json")));
    const p = run(process.execPath, [file], { NODE_PATH: wsModules });
    const lines = await waitFor(
      () => {
        const found = p
          .out()
          .split("\n")
          .filter((l) => l.startsWith("System: CPU "));
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 15_000, description: `two System lines; got:\n${p.out()}\n${p.err()}` },
    );
    expect(p.out()).toContain("Connected to unified WebSocket");
    for (const line of lines) {
      expect(line).toMatch(/^System: CPU \d+(\.\d+)?%, Memory \d+(\.\d+)?%$/);
      const [cpu, mem] = figures(line);
      expect(cpu).toBeGreaterThanOrEqual(0);
      expect(cpu).toBeLessThanOrEqual(100);
      expect(mem).toBeGreaterThan(0);
      expect(mem).toBeLessThan(100);
    }
    // storage.status is subscribed too: its line reports the array and real filesystems.
    await waitFor(() => /Storage: Array \w+, Disks: [1-9]\d*/.test(p.out()), {
      timeoutMs: 15_000,
      description: "a Storage line",
    });
  });

  it("Python: prints 'CPU: x%, Memory: y%' lines with live figures", async () => {
    const script = retarget(seedExample(SEED, "### Python", "python"), SEED_URL, ww.wsUrl);
    const file = join(dir, "uma.py");
    await writeFile(file, script);
    // Unbuffered so the lines arrive as printed (a pipe would block-buffer them); the code is unchanged.
    const p = run(PYTHON, [file], { PYTHONUNBUFFERED: "1" });
    const lines = await waitFor(
      () => {
        const found = p
          .out()
          .split("\n")
          .filter((l) => l.startsWith("CPU: "));
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 20_000, description: `two CPU lines from python; got:\n${p.out()}\n${p.err()}` },
    );
    expect(p.out()).toContain("Connected to unified WebSocket");
    for (const line of lines) {
      expect(line).toMatch(/^CPU: \d+(\.\d+)?%, Memory: \d+(\.\d+)?%$/);
      const [, mem] = figures(line);
      expect(mem).toBeGreaterThan(0);
    }
  });

  it("answers the guide's subscribe, unsubscribe and list_subscriptions messages as DESIGN §4 says", async () => {
    const ws = new WebSocket(ww.wsUrl);
    const frames: Record<string, unknown>[] = [];
    ws.on("message", (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once("open", r));
    const guide = (heading: string) => seedExample(SEED, heading, "javascript");
    // Each snippet calls socket.send(...): run it with `socket` bound to our connection.
    const send = (code: string) => new Function("socket", code)(ws);
    send(guide("### Subscribe to Channel"));
    const ack = await waitFor(() => frames.find((f) => f.type === "subscription_ack"));
    expect(ack).toMatchObject({ channels: ["system.stats"], status: "subscribed" });
    expect(typeof ack.timestamp).toBe("string");
    await waitFor(() => frames.find((f) => f.type === "system.stats"));
    send(guide("### List Active Subscriptions"));
    expect(await waitFor(() => frames.find((f) => f.type === "subscriptions"))).toMatchObject({
      channels: ["system.stats"],
    });
    send(guide("### Unsubscribe from Channel"));
    expect(await waitFor(() => frames.find((f) => f.type === "unsubscription_ack"))).toMatchObject({
      channels: ["system.stats"],
      status: "unsubscribed",
    });
    ws.close();
  });
});
