import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLI, startWirewatch } from "./helpers/start-process.js";

function connect(url: string) {
  const ws = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  ws.on("message", (d) => frames.push(JSON.parse(String(d))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const status = new Promise<number>((resolve) => {
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => resolve(101));
  });
  ws.on("error", () => {});
  return { ws, frames, closed, status };
}

describe("wirewatch start", () => {
  it("generates a token on first start, stores it 0600, never logs it, and reuses it next time", async () => {
    const first = await startWirewatch();
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const tokenFile = join(first.home, ".config/wirewatch/token");
    expect(first.tokenFile).toBe(tokenFile);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(first.stdout()).toContain(`generated and stored in ${tokenFile} (mode 0600)`);
    // stdout is a pipe (as under systemd or docker, where the JSON logs go too): the banner says
    // where the token is, never the token.
    expect(first.stdout()).toContain("not printed, as stdout is not a terminal");
    expect(first.stdout()).toMatch(/WebSocket\s+ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/ws\s/);
    expect(first.stdout()).not.toContain(first.token);
    expect(first.stderr()).not.toContain(first.token);

    const res = await fetch(`http://127.0.0.1:${first.port}/readyz`);
    expect(res.status).toBe(200);
    const noToken = connect(first.wsUrl.replace(/\?token=.*/, ""));
    expect(await noToken.status).toBe(401);
    const wrong = connect(first.wsUrl.replace(/token=.*/, "token=wrong-token-of-some-length"));
    expect(await wrong.status).toBe(401);

    // Restart with the same HOME: the stored token is read back, not replaced.
    const { home } = first;
    first.child.kill("SIGTERM");
    await new Promise((r) => first.child.once("exit", r));
    const second = await startWirewatch([], { HOME: home });
    expect(second.token).toBe(first.token);
    expect(second.stdout()).toContain(`read from ${tokenFile} (mode 0600)`);
    expect(second.stdout()).not.toContain(second.token);
    await second.stop();
  });

  it("on a terminal prints the token once, in the URL to connect with", async () => {
    const home = mkdtempSync(join(tmpdir(), "wirewatch-home-"));
    // util-linux script(1) runs the CLI on a pseudo-terminal and copies what it shows to our pipe.
    const command = `exec '${process.execPath}' '${CLI}' start --port 0 --host 127.0.0.1`;
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env: { PATH: process.env.PATH ?? "", HOME: home, WIREWATCH_LOG__LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      const url = await waitFor(
        () => /WebSocket\s+(ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/ws\?token=[^\s]+)/.exec(out)?.[1],
        {
          timeoutMs: 20_000,
          description: "the banner's URL with the token in it",
        },
      );
      const token = readFileSync(join(home, ".config/wirewatch/token"), "utf8").trim();
      expect(url.endsWith(`?token=${token}`)).toBe(true);
      expect(out.split(token).length - 1).toBe(1);
      expect(out).toContain("generated and stored in");
      expect(out).not.toContain("not printed");
      const c = connect(url);
      expect(await c.status).toBe(101);
      c.ws.close();
    } finally {
      child.kill("SIGTERM"); // script(1) passes it on to wirewatch
      await exited;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("on SIGTERM closes clients with 1001 and a reconnect hint, then exits 0", async () => {
    const ww = await startWirewatch();
    const c = connect(ww.wsUrl);
    expect(await c.status).toBe(101);
    c.ws.send(JSON.stringify({ type: "subscribe", channel: "system.stats" }));
    await waitFor(() => c.frames.find((f) => f.type === "system.stats"), { timeoutMs: 10_000 });
    const code = await ww.stop();
    const closed = await c.closed;
    expect(closed.code).toBe(1001);
    expect(JSON.parse(closed.reason)).toMatchObject({ reconnect: true });
    expect(code).toBe(0);
  });

  it("with WIREWATCH_AUTH=none accepts a client without a token and says auth is off", async () => {
    const ww = await startWirewatch([], { WIREWATCH_AUTH: "none" });
    expect(ww.token).toBe("");
    expect(ww.stdout()).toMatch(/Auth\s+OFF/);
    const c = connect(ww.wsUrl);
    expect(await c.status).toBe(101);
    c.ws.close();
    await ww.stop();
  });

  it("refuses a bad config: every problem with its path, exit 1, nothing started", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-badcfg-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "gateway:\n  port: 99999\nbus:\n  historyMaxLen: many\n");
    const r = spawnSync(process.execPath, [CLI, "start", "--config", file], {
      env: { PATH: process.env.PATH ?? "", HOME: dir },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("gateway.port");
    expect(r.stderr).toContain("bus.historyMaxLen");
    expect(r.stdout).not.toContain("WebSocket");
  });

  it("refuses a bad env value naming the variable", () => {
    const r = spawnSync(process.execPath, [CLI, "start"], {
      env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), WIREWATCH_PORT: "port" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("WIREWATCH_PORT");
  });
});
