/**
 * Liveness and readiness of the process (served as /livez and /readyz by the admin handler).
 *
 * - Components register a check `{ name, ready() }` when they are built; the process is ready
 *   when every check answers `true` (within `checkTimeoutMs`) and shutdown has not begun.
 *   With no checks registered the process is ready; an app that must not take traffic before
 *   it has finished starting registers a "startup" check of its own.
 * - The shutdown helper calls `beginShutdown()` first (readiness false from then on, so load
 *   balancers stop routing), and `finishShutdown()` at the end (liveness false).
 * - Live means the event loop is answering and shutdown has not finished.
 *
 * When given a metrics registry, each check also drives `wirewatch_component_up{component}`.
 */
import { RuntimeError } from "./errors.js";
import type { MetricsRegistry } from "./metrics.js";
import { type Probe, runProbe } from "./probe.js";

export interface HealthCheck {
  /** Stable component name, e.g. `"bus"`, `"gateway"`, `"collector.ups"`. */
  name: string;
  ready: Probe;
}

export interface ComponentStatus {
  name: string;
  ready: boolean;
  /** Why it is not ready; absent when ready. */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  components: ComponentStatus[];
}

export type HealthPhase = "running" | "shutting-down" | "stopped";

export interface Health {
  /** Adds a check; returns a function that removes it. Names are unique. */
  register(check: HealthCheck): () => void;
  /** Evaluates every check concurrently. Never throws. */
  readiness(): Promise<ReadinessReport>;
  isLive(): boolean;
  readonly phase: HealthPhase;
  /** Readiness is false from now on. Idempotent. */
  beginShutdown(): void;
  /** Liveness is false from now on. Idempotent. */
  finishShutdown(): void;
}

export interface HealthOptions {
  /** Also report each check as `wirewatch_component_up`. */
  metrics?: MetricsRegistry;
  /** A check that has not answered within this is "not ready". Default 1000 ms. */
  checkTimeoutMs?: number;
}

export function createHealth(options: HealthOptions = {}): Health {
  const { metrics, checkTimeoutMs = 1000 } = options;
  const checks = new Map<string, HealthCheck>();
  let phase: HealthPhase = "running";

  return {
    register(check) {
      if (checks.has(check.name)) {
        throw new RuntimeError(
          "WW_HEALTH_CHECK_DUPLICATE",
          `health check "${check.name}" already registered`,
        );
      }
      const untrack = metrics?.trackComponent(check.name, () => check.ready());
      checks.set(check.name, check);
      return () => {
        if (checks.get(check.name) !== check) return;
        checks.delete(check.name);
        untrack?.();
      };
    },
    async readiness() {
      const list = [...checks.values()];
      const results = await Promise.all(list.map((check) => runProbe(() => check.ready(), checkTimeoutMs)));
      const components = list.map((check, i): ComponentStatus => {
        const result = results[i] ?? { ready: false };
        return result.ready ? { name: check.name, ready: true } : { name: check.name, ...result };
      });
      const shuttingDown = phase !== "running";
      return { ready: !shuttingDown && components.every((c) => c.ready), shuttingDown, components };
    },
    isLive: () => phase !== "stopped",
    get phase() {
      return phase;
    },
    beginShutdown() {
      if (phase === "running") phase = "shutting-down";
    },
    finishShutdown() {
      phase = "stopped";
    },
  };
}
