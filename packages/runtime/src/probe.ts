/**
 * Evaluates a component's "are you ready?" function once, bounded in time, never throwing.
 * Shared by the health model (/readyz) and the metrics registry (wirewatch_component_up) so a
 * probe that throws, rejects or hangs counts as "not ready" the same way in both.
 */
import { RuntimeError } from "./errors.js";
import { redactSecrets } from "./redact.js";

export type Probe = () => boolean | Promise<boolean>;

export interface ProbeResult {
  ready: boolean;
  /** Why the probe failed (thrown message or timeout), secrets scrubbed. Absent when ready. */
  error?: string;
}

export async function runProbe(probe: Probe, timeoutMs: number): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RuntimeError("WW_HEALTH_CHECK_TIMEOUT", `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    const ready = (await Promise.race([Promise.resolve().then(probe), timeout])) === true;
    return ready ? { ready } : { ready, error: "not ready" };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ready: false, error: redactSecrets(message) };
  } finally {
    clearTimeout(timer);
  }
}
