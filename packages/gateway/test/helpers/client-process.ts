import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { waitFor } from "@wirewatch/testkit";
import { DOCUMENTED_CLIENTS_DIR, documentedClient } from "./documented-client.js";

/** Debian's interpreter, where python3-websockets is installed (not the `python3` on PATH). */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** One line a documented client printed: a JSON object saying what it read. */
export type Report = Record<string, unknown>;

/** A documented client running as a child process, its output collected for assertions. */
export interface ClientProcess {
  stdout(): string;
  stderr(): string;
  /** Every complete stdout line parsed as JSON (throws naming a line that is not). */
  reports(): Report[];
  /** Waits until a report matches `check`; the timeout error shows both streams. */
  reported(check: (report: Report) => boolean, description: string): Promise<Report>;
  /** Resolves with the exit code once the process has exited by itself. */
  exited(): Promise<number | null>;
  /** SIGTERM, wait for the exit. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Runs test/documented-clients/<file> under this Node with `args`; with `globalWebSocket`,
 * ws-global.cjs is preloaded (browser-style code under Node 20, which has no WebSocket global).
 */
export function runNodeClient(
  file: string,
  args: string[],
  options: { globalWebSocket?: boolean } = {},
): ClientProcess {
  const script = documentedClient(file);
  const preload = options.globalWebSocket ? ["-r", documentedClient("ws-global.cjs")] : [];
  return start(process.execPath, [...preload, script, ...args], {});
}

/** Runs test/documented-clients/<file> under Debian's python3, unbuffered. */
export function runPythonClient(file: string, args: string[]): ClientProcess {
  const script = documentedClient(file);
  if (!existsSync(DEBIAN_PYTHON))
    throw new Error(`${DEBIAN_PYTHON} is missing: install python3-websockets (bash scripts/system-deps.sh)`);
  return start(DEBIAN_PYTHON, [script, ...args], { PYTHONUNBUFFERED: "1" });
}

function start(command: string, args: string[], env: Record<string, string>): ClientProcess {
  let stdout = "";
  let stderr = "";
  const child: ChildProcess = spawn(command, args, {
    cwd: DOCUMENTED_CLIENTS_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (error) => {
      stderr += `spawn ${command}: ${error.message}\n`;
      resolve(null);
    });
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const reports = (): Report[] =>
    stdout
      .split("\n")
      .slice(0, -1)
      .map((line) => {
        try {
          return JSON.parse(line) as Report;
        } catch {
          throw new Error(`${args.join(" ")} printed a line that is not JSON: ${line}\n${stderr}`);
        }
      });
  let closing: Promise<void> | undefined;
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    reports,
    async reported(check, description) {
      try {
        return await waitFor(() => reports().find(check), { description });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`, {
          cause: error,
        });
      }
    },
    exited: () => exited,
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
      })();
      return closing;
    },
  };
}
