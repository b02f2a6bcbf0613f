import { type ChildProcess, spawn } from "node:child_process";
import { waitFor } from "./wait-for.js";

/** How to start one external server process for a test and tell when it is ready. */
export interface SpawnServiceOptions {
  /** Names the service in errors, e.g. `redis-server`. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Appended to the error when `command` is not installed, e.g. "install Debian's redis-server". */
  installHint?: string;
  /** Resolves true once the service answers; called repeatedly until then. */
  isReady: () => Promise<boolean>;
  /** Give up (and kill the process) after this long. Default 10 000 ms. */
  readyTimeoutMs?: number;
  /** After SIGTERM, wait this long before SIGKILL. Default 5 000 ms. */
  stopTimeoutMs?: number;
}

/** A service process started by {@link spawnService}. */
export interface RunningService {
  readonly pid: number;
  /** The last 64 KiB of the process's stdout and stderr, for error messages. */
  output(): string;
  /** True once the process has exited. */
  exited(): boolean;
  /** How it ended: exit code or signal; undefined while it runs. */
  exitStatus(): ExitStatus | undefined;
  /** Resolves when the process exits, however that happens. */
  whenExited(): Promise<ExitStatus>;
  /** Signals the process (SIGTERM by default; SIGKILL to simulate a crash) and waits for it to exit. */
  stop(options?: { signal?: NodeJS.Signals }): Promise<void>;
}

/** How a service process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const OUTPUT_MAX_CHARS = 64 * 1024;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every service still running when the test process exits, so none outlives its test run. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/**
 * Spawns a server process and resolves once `isReady` says it answers.
 *
 * Contract: rejects with a clear error if the command is missing (with the install hint), if the
 * process exits before it is ready (with its output), or if it is not ready in time (and kills
 * it). A service that resolved is killed when the test process exits, even if nobody stops it.
 */
export async function spawnService(options: SpawnServiceOptions): Promise<RunningService> {
  installExitHook();
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_MAX_CHARS);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let spawnError: NodeJS.ErrnoException | undefined;
  let exitCode: number | null | undefined;
  let status: ExitStatus | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      status = { code, signal };
      live.delete(child);
      resolve();
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      spawnError = error;
      live.delete(child);
      resolve();
    });
  });
  live.add(child);
  const hasExited = () => spawnError !== undefined || exitCode !== undefined;

  const stop = async (stopOptions: { signal?: NodeJS.Signals } = {}) => {
    if (hasExited()) return;
    child.kill(stopOptions.signal ?? "SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), options.stopTimeoutMs ?? 5_000);
    await exitedPromise;
    clearTimeout(timer);
  };

  // 'spawn' or 'error' (ENOENT) comes first; only a spawned process may be asked if it is ready.
  await new Promise<void>((resolve) => {
    child.once("spawn", () => resolve());
    child.once("error", () => resolve());
  });
  const died = new AbortController();
  void exitedPromise.then(() => died.abort(spawnError ?? new Error(`exited with code ${exitCode}`)));
  try {
    if (spawnError) throw spawnError;
    await waitFor(() => options.isReady(), {
      timeoutMs: options.readyTimeoutMs ?? 10_000,
      intervalMs: 25,
      description: `${options.name} to be ready`,
      signal: died.signal,
    });
  } catch (error) {
    await stop({ signal: "SIGKILL" });
    if (spawnError?.code === "ENOENT") {
      const hint = options.installHint ? `: ${options.installHint}` : "";
      throw new Error(`${options.name}: command '${options.command}' not found on PATH${hint}`);
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${options.name} did not start (${message}). Output:\n${output.trim()}`, {
      cause: error,
    });
  }

  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited: hasExited,
    exitStatus: () => status,
    whenExited: () => exitedPromise.then(() => status ?? { code: null, signal: null }),
    stop,
  };
}
