import type { AddressInfo } from "node:net";
import type { AdminServer, Health, Logger, Shutdown } from "@wirewatch/runtime";
import type { ProcessKit } from "./process-kit.js";

/** Options shared by the app starters. */
export interface StartAppOptions {
  /** Ends the process after shutdown; default `process.exit` (tests inject a recorder). */
  exit?: (code: number) => void;
  /** Hook SIGINT/SIGTERM to the shutdown (default true; in-process tests pass false). */
  installSignals?: boolean;
}

/** What every started app exposes. */
export interface StartedApp {
  readonly logger: Logger;
  readonly health: Health;
  readonly shutdown: Shutdown;
  /** `http://host:port` of /livez, /readyz and /metrics (loopback spelled 127.0.0.1). */
  readonly adminUrl: string;
  readonly adminPort: number;
  /** Runs the graceful shutdown, as SIGTERM would; resolves with the exit code. */
  stop(reason?: string): Promise<number>;
}

/** Finishes an app's start: hooks the signals and describes the admin listener. */
export function startedApp(kit: ProcessKit, admin: AdminServer, options: StartAppOptions): StartedApp {
  if (options.installSignals !== false) kit.shutdown.install();
  const address = admin.server.address() as AddressInfo;
  const shown = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  return {
    logger: kit.logger,
    health: kit.health,
    shutdown: kit.shutdown,
    adminUrl: `http://${shown.includes(":") ? `[${shown}]` : shown}:${address.port}`,
    adminPort: address.port,
    stop: (reason = "stop") => kit.shutdown.run(reason),
  };
}
