import { freePort, waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Started, startWirewatch } from "./helpers/start-process.js";

/**
 * `wirewatch start` speaks the seed products' formats (architecture §5) out of the box, fed by the real
 * host collector of this machine: MonServ on /ws (and on an extra port when one is configured),
 * NZB Flow on /, Tvheadend on /comet/ws, all with the generated token.
 */
let ww: Started | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await ww?.stop();
  ww = undefined;
});

function open(url: string): { frames: Record<string, unknown>[]; closed: Promise<number> } {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const frames: Record<string, unknown>[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data))));
  ws.on("error", () => {});
  return { frames, closed: new Promise((resolve) => ws.on("close", (code) => resolve(code))) };
}

describe("wirewatch start, dialects", () => {
  it("serves MonServ, NZB Flow and Tvheadend clients live figures of this machine", async () => {
    const extraPort = await freePort();
    ww = await startWirewatch([], { WIREWATCH_GATEWAY__DIALECTS__MONSERV__PORT: String(extraPort) });
    expect(ww.stdout()).toMatch(/Also\s+MonServ \/ws, NZB Flow \/, Tvheadend \/comet\/ws/);
    const base = `ws://127.0.0.1:${ww.port}`;

    const monserv = open(`ws://127.0.0.1:${extraPort}/ws?token=${ww.token}`);
    const update = await waitFor(() => monserv.frames.find((f) => f.type === "metrics_update"), {
      timeoutMs: 15_000,
      description: "a MonServ metrics_update",
    });
    const [key, host] = Object.entries(update.data as Record<string, Record<string, unknown>>)[0]!;
    expect(key).toMatch(/^local:\/\//);
    expect(host.memory).toMatchObject({ total: expect.any(Number), usedPercent: expect.any(Number) });
    expect((host.memory as { total: number }).total).toBeGreaterThan(0);
    expect(host.uptimeSeconds).toBeGreaterThan(0);

    const nzb = open(`${base}/?token=${ww.token}`);
    await waitFor(() => nzb.frames.find((f) => (f.data as { type?: string })?.type === "queue-update"), {
      timeoutMs: 15_000,
      description: "NZB Flow's queue-update from the collector's pool",
    });
    expect(nzb.frames[0]).toMatchObject({ success: true, data: { type: "connected" } });

    const tvh = open(`${base}/comet/ws?token=${ww.token}`);
    const disk = await waitFor(
      () =>
        tvh.frames
          .flatMap((f) => (f.messages as Record<string, unknown>[] | undefined) ?? [])
          .find((m) => m.notificationClass === "diskspaceUpdate"),
      { timeoutMs: 20_000, description: "a Tvheadend diskspaceUpdate for /" },
    );
    expect(disk.totaldiskspace).toBeGreaterThan(0);
    expect(tvh.frames[0]).toHaveProperty("boxid");

    const noToken = open(`${base}/`);
    expect(await noToken.closed).toBe(4401);
  });
});
