import { readFileSync } from "node:fs";
import { expandHome, loadConfig } from "@wirewatch/config";
import { type BusEvent, resolveChannel } from "@wirewatch/protocol";
import type { Command } from "commander";
import WebSocket from "ws";
import { formatEvent } from "../format-event.js";
import type { Io } from "../io.js";

interface TailOptions {
  host?: string;
  json?: boolean;
  url?: string;
  token?: string;
}

/**
 * `wirewatch tail CHANNEL... [--host H] [--json]`: subscribes over the native protocol and prints
 * each event: a readable line per event for people, or the raw envelope as one JSON line for
 * scripts. Server errors go to stderr; the process exits 1 when the gateway closes or refuses.
 */
export function registerTailCommand(program: Command, io: Io): void {
  program
    .command("tail")
    .description("print live events of one or more channels")
    .argument(
      "<channels...>",
      "channel names, e.g. system.stats storage.status (name@host narrows to a host)",
    )
    .option("--host <host>", "only events from this host")
    .option("--json", "one JSON event per line, for scripts")
    .option("--url <url>", "gateway WebSocket URL (default: ws://127.0.0.1:<gateway.port>/api/v1/ws)")
    .option("--token <token>", "access token (default: $WIREWATCH_TOKEN, then the stored token file)")
    .action((channels: string[], opts: TailOptions) => tail(channels, opts, io));
}

function tail(channels: string[], opts: TailOptions, io: Io): Promise<void> {
  const wanted: string[] = [];
  for (const c of channels) {
    const r = resolveChannel(opts.host && !c.includes("@") ? `${c}@${opts.host}` : c);
    if (!r.ok) {
      io.err(`tail: ${c}: ${r.reason}`);
      io.exit(2);
      return Promise.resolve();
    }
    wanted.push(opts.host && !c.includes("@") ? `${c}@${opts.host}` : c);
  }
  const { config } = loadConfig();
  const url = new URL(opts.url ?? `ws://127.0.0.1:${config.gateway.port}${config.gateway.path}`);
  const token = opts.token ?? process.env.WIREWATCH_TOKEN ?? readStoredToken(config.auth.tokenFile);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => ws.send(JSON.stringify({ type: "subscribe", channels: wanted })));
    ws.on("message", (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string; code?: string; message?: string };
      if (msg.type === "error") io.err(`tail: ${msg.code}: ${msg.message}`);
      else if ("seq" in msg && "channel" in msg)
        io.out(opts.json ? String(raw) : formatEvent(msg as unknown as BusEvent));
    });
    ws.on("unexpected-response", (_req, res) => {
      io.err(
        `tail: ${url.origin} refused the connection: HTTP ${res.statusCode}${res.statusCode === 401 ? " (token missing or wrong)" : ""}`,
      );
      io.exit(1);
      resolve();
    });
    ws.on("error", (err) => {
      io.err(`tail: ${err.message}`);
      io.exit(1);
      resolve();
    });
    ws.on("close", (code, reason) => {
      io.err(`tail: connection closed (${code}${reason.length ? ` ${String(reason)}` : ""})`);
      io.exit(1);
      resolve();
    });
  });
}

function readStoredToken(file: string): string | undefined {
  try {
    return readFileSync(expandHome(file), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
