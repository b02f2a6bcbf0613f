import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Started, startWirewatch } from "./helpers/start-process.js";

/**
 * Issue 3, "done when": clients doing what the Node.js (ws) and Python (Debian's
 * python3-websockets) examples of UMA's WebSocket guide do connect to a started
 * `wirewatch start` (real host collector, real /proc) with the printed `?token=` URL and read
 * live CPU, memory and storage figures; the guide's subscription-management messages get the
 * replies architecture §4 gives. The clients are the gateway's, in
 * packages/gateway/test/documented-clients/ (its uma-clients tests run them against published
 * figures); each prints one JSON object per line saying what it read.
 */
const CLIENTS = fileURLToPath(new URL("../../../packages/gateway/test/documented-clients/", import.meta.url));
const PYTHON = "/usr/bin/python3"; // Debian's, where python3-websockets is installed

let ww: Started;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ww = await startWirewatch();
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await ww?.stop();
});

/** A file that must exist; the error names it. */
function required(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  return path;
}

type Report = Record<string, unknown>;

function run(cmd: string, file: string, env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const child = spawn(required(cmd), [required(`${CLIENTS}${file}`), ww.wsUrl], {
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
  const reports = (): Report[] =>
    out
      .split("\n")
      .slice(0, -1)
      .map((line) => JSON.parse(line) as Report);
  return { reports, out: () => out, err: () => err };
}

/** At least two system.stats reports, every figure a plausible percentage. */
async function liveFigures(client: ReturnType<typeof run>): Promise<void> {
  const seen = await waitFor(
    () => {
      const found = client.reports().filter((r) => r.type === "system.stats");
      return found.length >= 2 ? found : undefined;
    },
    { timeoutMs: 20_000, description: `two system.stats reports; got:\n${client.out()}\n${client.err()}` },
  );
  expect(client.reports()[0]).toEqual({ opened: true });
  for (const { cpu, memory } of seen) {
    expect(typeof cpu).toBe("number");
    expect(cpu).toBeGreaterThanOrEqual(0);
    expect(cpu).toBeLessThanOrEqual(100);
    expect(typeof memory).toBe("number");
    expect(memory).toBeGreaterThan(0);
    expect(memory).toBeLessThan(100);
  }
}

describe("UMA's WebSocket guide against wirewatch start", () => {
  it("UMA guide, Node.js example: reads live CPU and memory figures and the real filesystems' storage status", async () => {
    const client = run(process.execPath, "uma-node-client.cjs");
    await liveFigures(client);
    // storage.status is subscribed too: the array status and the number of real filesystems.
    const storage = await waitFor(() => client.reports().find((r) => r.type === "storage.status"), {
      timeoutMs: 15_000,
      description: "a storage.status report",
    });
    expect(storage.array).toMatch(/^\w+$/);
    expect(storage.disks).toBeGreaterThanOrEqual(1);
    expect(client.err()).toBe("");
  });

  it("UMA guide, Python example: reads live CPU and memory figures", async () => {
    // Unbuffered so the lines arrive as printed (a pipe would block-buffer them).
    const client = run(PYTHON, "uma-python-client.py", { PYTHONUNBUFFERED: "1" });
    await liveFigures(client);
    expect(client.err()).toBe("");
  });

  it("UMA guide, Subscribe to Channel, List Active Subscriptions and Unsubscribe from Channel snippets: answered as architecture §4 says", async () => {
    const ws = new WebSocket(ww.wsUrl);
    const frames: Record<string, unknown>[] = [];
    ws.on("message", (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once("open", r));
    const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));

    send({ type: "subscribe", channel: "system.stats" });
    const ack = await waitFor(() => frames.find((f) => f.type === "subscription_ack"));
    expect(ack).toMatchObject({ channels: ["system.stats"], status: "subscribed" });
    expect(typeof ack.timestamp).toBe("string");
    await waitFor(() => frames.find((f) => f.type === "system.stats"));
    send({ type: "list_subscriptions" });
    expect(await waitFor(() => frames.find((f) => f.type === "subscriptions"))).toMatchObject({
      channels: ["system.stats"],
    });
    send({ type: "unsubscribe", channel: "system.stats" });
    expect(await waitFor(() => frames.find((f) => f.type === "unsubscription_ack"))).toMatchObject({
      channels: ["system.stats"],
      status: "unsubscribed",
    });
    ws.close();
  });
});
