import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, READ_TOKEN, startHarness, stats, storage } from "./helpers/harness.js";

/**
 * DESIGN §5/§9: clients written for UMA work unchanged. The Node.js example of UMA's own
 * WebSocket guide (seeds/uma-websocket-guide.md), verbatim but for the URL (with auth on, the
 * token goes in the URL as `?token=`), runs as a child `node` process against the gateway and
 * prints live figures.
 */
const SEED = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/seeds/uma-websocket-guide.md");
const SEED_URL = "ws://your-unraid-ip:34600/api/v1/ws";

async function nodeExample(): Promise<string> {
  const doc = await readFile(SEED, "utf8");
  const section = doc.slice(doc.indexOf("### Node.js"));
  const match = /```javascript\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error("no Node.js example in the UMA guide");
  return match[1];
}

let h: Harness | undefined;
let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  child = undefined;
  await h?.close();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("UMA's Node.js example", () => {
  it("connects with ?token= and prints live system and storage figures", async () => {
    h = await startHarness();
    await h.bus.publish({ channel: "storage.status", host: "nas1", data: storage(3) });

    const source = await nodeExample();
    expect(source.split(SEED_URL)).toHaveLength(2);
    const script = source.replace(SEED_URL, `${h.wsUrl}?token=${READ_TOKEN}`);
    dir = await mkdtemp(join(tmpdir(), "wirewatch-uma-"));
    const file = join(dir, "uma-example.cjs");
    await writeFile(file, script);

    // `ws` resolvable the way the example's reader would have it: installed next to it.
    const wsDir = dirname(dirname(createRequire(import.meta.url).resolve("ws/package.json")));
    let stdout = "";
    let stderr = "";
    child = spawn(process.execPath, [file], { env: { ...process.env, NODE_PATH: wsDir }, stdio: "pipe" });
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    await waitFor(() => stdout.includes("Connected to unified WebSocket"), {
      description: `the example to connect (${stderr})`,
    });
    await waitFor(() => h!.gateway.clients()[0]?.channels.length === 2, {
      description: "both subscriptions",
    });
    await h.bus.publish({ channel: "system.stats", host: "nas1", data: stats(25.5) });
    await h.bus.publish({
      channel: "system.stats",
      host: "nas1",
      data: { ...stats(61), memory_percent: 73.2 },
    });

    await waitFor(() => stdout.includes("System: CPU 61%, Memory 73.2%"), {
      description: `live figures in ${stdout}`,
    });
    expect(stdout).toContain("System: CPU 25.5%, Memory 50%");
    expect(stdout).toContain("Storage: Array started, Disks: 3");
    expect(stdout).toContain("Event received:");
    expect(stderr).toBe("");
    expect(h.gateway.clients()[0]).toMatchObject({
      principal: "reader",
      channels: ["system.stats", "storage.status"],
    });
  });
});
