import { existsSync } from "node:fs";
import { type ExitStatus, type RunningService, spawnService } from "./spawn-service.js";

/** One wirewatch app process of a cluster (a gateway replica or a collector). */
export interface ClusterApp {
  /** `gateway-1`, `collector-1`, ... */
  readonly name: string;
  /** `http://127.0.0.1:PORT` of /livez, /readyz, /metrics. */
  readonly adminUrl: string;
  readonly adminPort: number;
  /** The current process id (a new one after `restart()`). */
  readonly pid: number;
  running(): boolean;
  /** GET /readyz answered 200. */
  ready(): Promise<boolean>;
  /** Sends `signal` (default SIGTERM) and resolves with how the process ended. */
  kill(signal?: NodeJS.Signals): Promise<ExitStatus>;
  /** Starts it again on the same ports (killing it first if it runs) and waits for /readyz. */
  restart(): Promise<void>;
  /** The last 64 KiB of its stdout and stderr (JSON log lines). */
  output(): string;
}

/** An exit nobody asked for: a crash. */
export interface UnexpectedExit {
  name: string;
  status: ExitStatus;
  output: string;
}

export interface ClusterAppOptions {
  name: string;
  /** Path of the built main (`apps/gateway/dist/main.js`). */
  main: string;
  /** The workspace package that builds `main`, for the "build first" hint. */
  builtBy: string;
  env: NodeJS.ProcessEnv;
  adminPort: number;
  /** SIGTERM → SIGKILL fallback; above the app's `shutdown.graceMs`. */
  stopTimeoutMs: number;
  readyTimeoutMs?: number;
  onUnexpectedExit(exit: UnexpectedExit): void;
}

async function readyz(adminPort: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${adminPort}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts one app as `node <main>` with its configuration in the environment and waits until its
 * /readyz answers 200. Exits that `kill()` did not ask for are reported to `onUnexpectedExit`.
 */
export async function startClusterApp(options: ClusterAppOptions): Promise<ClusterApp> {
  if (!existsSync(options.main)) {
    throw new Error(
      `${options.main} is missing: build it first (pnpm turbo run build --filter=${options.builtBy}...)`,
    );
  }
  let service: RunningService;
  let expected = false;
  const launch = async () => {
    expected = false;
    const current = await spawnService({
      name: options.name,
      command: process.execPath,
      args: [options.main],
      env: options.env,
      isReady: () => readyz(options.adminPort),
      readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
      stopTimeoutMs: options.stopTimeoutMs,
    });
    service = current;
    void current.whenExited().then((status) => {
      if (!expected && service === current) {
        options.onUnexpectedExit({ name: options.name, status, output: current.output() });
      }
    });
  };
  await launch();
  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    expected = true;
    await service.stop({ signal });
    return service.exitStatus() ?? { code: null, signal: null };
  };
  return {
    name: options.name,
    adminUrl: `http://127.0.0.1:${options.adminPort}`,
    adminPort: options.adminPort,
    get pid() {
      return service.pid;
    },
    running: () => !service.exited(),
    ready: () => readyz(options.adminPort),
    kill,
    async restart() {
      if (!service.exited()) await kill();
      await launch();
    },
    output: () => service.output(),
  };
}
