import { readFileSync } from "node:fs";
import {
  type ChannelRefString,
  type ClientError,
  createClient,
  type PendingSubscription,
} from "@wirewatch/client";
import { expandHome, loadConfig } from "@wirewatch/config";
import { resolveChannel } from "@wirewatch/protocol";
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
 * `wirewatch tail CHANNEL... [--host H] [--json]`: subscribes with @wirewatch/client and prints
 * each event once: a readable line per event for people, or the envelope as one JSON line for
 * scripts (replayed events carry `"recovered":true`). A dropped connection is not the end: the
 * client reconnects and resumes, and tail notes it on stderr, as it notes every gap the gateway
 * could not replay. It exits 1 when the token is refused (HTTP 401, close 4401) or when the
 * gateway refuses every channel; otherwise it runs until interrupted.
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
    const ref = opts.host && !c.includes("@") ? `${c}@${opts.host}` : c;
    const r = resolveChannel(ref);
    if (!r.ok) {
      io.err(`tail: ${c}: ${r.reason}`);
      io.exit(2);
      return Promise.resolve();
    }
    wanted.push(ref);
  }
  const { config } = loadConfig();
  const url = new URL(opts.url ?? `ws://127.0.0.1:${config.gateway.port}${config.gateway.path}`);
  const shown = `${url.origin}${url.pathname}`; // never the ?token=
  const token = opts.token ?? process.env.WIREWATCH_TOKEN ?? readStoredToken(config.auth.tokenFile);
  const client = createClient({ url: url.toString(), token, WebSocket });

  return new Promise((resolve) => {
    const fail = (message: string) => {
      io.err(message);
      io.exit(1);
      void client.close().then(resolve);
    };
    let lastClose = "";
    client.on("event", (ev) => io.out(opts.json ? JSON.stringify(ev) : formatEvent(ev)));
    client.on("close", (c) => {
      const why = c.reason && !c.reason.startsWith("{") ? ` ${c.reason}` : "";
      lastClose = c.wasOpen ? `connection to ${shown} lost (${c.code}${why})` : `cannot connect to ${shown}`;
    });
    client.on("reconnecting", ({ delayMs }) =>
      io.err(`tail: ${lastClose}; reconnecting in ${(delayMs / 1000).toFixed(1)} s`),
    );
    client.on("open", ({ reconnected }) => {
      if (reconnected) io.err(`tail: reconnected to ${shown}; resuming`);
    });
    client.on("gap", (g) =>
      io.err(
        `tail: ${g.channel}: events after seq ${g.from_seq} may be missing: the gateway could not replay them` +
          (g.epoch === g.previous_epoch ? "" : " (its history restarted)"),
      ),
    );
    client.on("error", (err) => {
      if (err.fatal) fail(describeFatal(err, shown));
      else io.err(`tail: ${err.code}: ${err.message}`);
    });
    const subs: PendingSubscription[] = wanted.map((ref) => client.subscribe(ref as ChannelRefString));
    for (const sub of subs) {
      sub.catch(() => {
        if (client.state !== "closed" && subs.every((s) => !s.active)) fail("tail: no channel left to tail");
      });
    }
  });
}

function describeFatal(err: ClientError, shown: string): string {
  if (err.httpStatus !== undefined) {
    const hint = err.httpStatus === 401 ? " (token missing or wrong)" : "";
    return `tail: ${new URL(shown).origin} refused the connection: HTTP ${err.httpStatus}${hint}`;
  }
  if (err.code === "unauthorized") return `tail: the gateway closed the connection: ${err.message}`;
  return `tail: ${err.code}: ${err.message}`;
}

function readStoredToken(file: string): string | undefined {
  try {
    return readFileSync(expandHome(file), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
