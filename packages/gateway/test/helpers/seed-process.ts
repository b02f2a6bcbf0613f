import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { waitFor } from "@wirewatch/testkit";

/**
 * A seed document's client example running as a child process (DESIGN §9: every dialect is
 * tested with the seeds' own client code), its output collected for assertions.
 */
export interface ExampleProcess {
  stdout(): string;
  stderr(): string;
  /** Waits until stdout contains `text`; the timeout error shows both streams. */
  printed(text: string): Promise<void>;
  /** SIGTERM, wait for the exit, remove the script's temp dir. Safe to call twice. */
  close(): Promise<void>;
}

/** Debian's interpreter, where python3-websockets is installed (not the `python3` on PATH). */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** The folder `ws` is installed in, for NODE_PATH: `require("ws")` works as for the example's reader. */
const WS_NODE_PATH = dirname(dirname(createRequire(import.meta.url).resolve("ws/package.json")));

/**
 * Runs a Node.js example (CommonJS, as the documents write them) with `ws` resolvable through
 * NODE_PATH. With `globalWebSocket`, a `-r` preload sets `globalThis.WebSocket = require("ws")`
 * first, so browser-style code that uses the `WebSocket` global runs unchanged under Node 20
 * (which has no such global).
 */
export async function runNodeExample(
  source: string,
  options: { globalWebSocket?: boolean } = {},
): Promise<ExampleProcess> {
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-seed-node-"));
  const file = join(dir, "example.cjs");
  await writeFile(file, source);
  const args = [file];
  if (options.globalWebSocket) {
    const preload = join(dir, "ws-global.cjs");
    await writeFile(preload, 'globalThis.WebSocket = require("ws");\n');
    args.unshift("-r", preload);
  }
  return start(process.execPath, args, { NODE_PATH: WS_NODE_PATH }, dir);
}

/** Runs a Python example under Debian's python3 (unbuffered, so prints arrive as they happen). */
export async function runPythonExample(source: string): Promise<ExampleProcess> {
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-seed-python-"));
  const file = join(dir, "example.py");
  await writeFile(file, source);
  return start(DEBIAN_PYTHON, [file], { PYTHONUNBUFFERED: "1" }, dir);
}

function start(command: string, args: string[], env: Record<string, string>, dir: string): ExampleProcess {
  let stdout = "";
  let stderr = "";
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env }, stdio: "pipe" });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      stderr += `spawn ${command}: ${error.message}\n`;
      resolve();
    });
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let closing: Promise<void> | undefined;
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    async printed(text) {
      await waitFor(() => stdout.includes(text), { description: `'${text}' in the example's output` }).catch(
        (error: Error) => {
          throw new Error(`${error.message}\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`, {
            cause: error,
          });
        },
      );
    },
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
        await rm(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
