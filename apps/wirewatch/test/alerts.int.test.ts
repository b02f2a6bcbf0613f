import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { writeAlwaysFiringConfig } from "./helpers/always-firing.js";
import { type Started, startWirewatch } from "./helpers/start-process.js";

/**
 * `wirewatch start` with an alert rule that is always true on a running machine (uptime > 0):
 * the host collector's samples are evaluated in the process, the alert reaches a subscriber of
 * resource.alert and the log channel, and the admin commands answer over WebSocket and HTTP.
 */
const config = writeAlwaysFiringConfig();

let ww: Started | undefined;
afterEach(async () => {
  await ww?.stop();
  ww = undefined;
});

function client(url: string) {
  const ws = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  ws.on("message", (d) => frames.push(JSON.parse(String(d))));
  ws.on("error", () => {});
  const opened = new Promise<void>((resolve) => ws.once("open", () => resolve()));
  return { ws, frames, opened };
}

describe("wirewatch start: alerts", () => {
  it("evaluates rules on the collector's samples and serves the alert commands", async () => {
    ww = await startWirewatch(["--config", config]);
    const c = client(ww.wsUrl);
    await c.opened;
    c.ws.send(JSON.stringify({ type: "subscribe", channels: ["resource.alert", "log"] }));
    const alert = await waitFor(() => c.frames.find((f) => f.type === "resource.alert"), {
      timeoutMs: 15_000,
    });
    expect(alert).toMatchObject({
      data: { rule: "up", state: "firing", level: "warning", resource: "uptime", threshold: 0 },
    });
    expect(String((alert.data as { message: string }).message)).toMatch(
      /^Uptime warning: \d+(\.\d)? s \(threshold: 0\.0 s\)$/,
    );
    await waitFor(() =>
      c.frames.find((f) => f.type === "log" && (f.data as { source?: string }).source === "alerts"),
    );

    c.ws.send(JSON.stringify({ type: "alerts_list", id: 1 }));
    const list = await waitFor(() => c.frames.find((f) => f.type === "alerts"));
    const ids = (list.alerts as { rule: string; alert_id: string }[]).filter((a) => a.rule === "up");
    expect(ids).toHaveLength(1);

    const port = ww.port;
    const auth = { authorization: `Bearer ${ww.token}` };
    const ack = await fetch(`http://127.0.0.1:${port}/api/v1/alerts/${ids[0]?.alert_id}/ack`, {
      method: "POST",
      headers: auth,
    });
    expect(ack.status).toBe(200);
    const silence = await fetch(`http://127.0.0.1:${port}/api/v1/silences`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ rule: "up", duration_ms: 60_000, reason: "testing" }),
    });
    expect(silence.status).toBe(201);
    const listed = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/alerts`, { headers: auth })
    ).json()) as {
      alerts: { rule: string; acknowledged: boolean; silenced_by: string[] }[];
      silences: unknown[];
    };
    expect(listed.alerts.find((a) => a.rule === "up")).toMatchObject({
      acknowledged: true,
      silenced_by: [expect.any(String)],
    });
    expect(listed.silences).toHaveLength(1);
    c.ws.close();
  });
});
