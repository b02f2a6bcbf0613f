import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@wirewatch/testkit";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface Started {
  child: ChildProcess;
  /**
   * `ws://127.0.0.1:PORT/api/v1/ws?token=...`: the banner's URL, with the generated token from
   * the file the banner names (stdout is a pipe here, so the banner does not print it).
   */
  wsUrl: string;
  /** The generated token, read from `tokenFile`; "" when none was generated (auth off). */
  token: string;
  /** The token file the banner named, if any. */
  tokenFile: string | undefined;
  port: number;
  home: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Runs the built `wirewatch start` as a user would, with its own HOME, on a free port. */
export async function startWirewatch(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Started> {
  const home = await mkdtemp(join(tmpdir(), "wirewatch-home-"));
  let out = "";
  let err = "";
  const child = spawn(process.execPath, [CLI, "start", "--port", "0", "--host", "127.0.0.1", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home, WIREWATCH_LOG__LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => {
    out += d;
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitFor(() => /WebSocket\s+ws:\/\/\S+/.test(out) || child.exitCode !== null, { timeoutMs: 20_000 });
  const match = /WebSocket\s+(ws:\/\/127\.0\.0\.1:(\d+)\/api\/v1\/ws)/.exec(out);
  if (!match) throw new Error(`wirewatch start did not print its URL.\nstdout:\n${out}\nstderr:\n${err}`);
  const tokenFile = /Token\s+(?:generated and stored in|read from) (\S+) \(mode 0600\)/.exec(out)?.[1];
  const token = tokenFile ? (await readFile(tokenFile, "utf8")).trim() : "";
  return {
    child,
    wsUrl: `${match[1]}${token ? `?token=${encodeURIComponent(token)}` : ""}`,
    port: Number(match[2]),
    token,
    tokenFile,
    home,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      await rm(home, { recursive: true, force: true });
      return code;
    },
  };
}
