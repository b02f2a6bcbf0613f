import type { Bus } from "./bus.js";
import { BusError } from "./bus-error.js";

/**
 * Resolves once `bus.ready()` is true; rejects with `WW_BUS_DOWN` after `timeoutMs`. For start-up:
 * a Redis bus connects in the background and fails fast until it is ready.
 */
export function waitForReady(bus: Bus, timeoutMs = 10_000): Promise<void> {
  if (bus.ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new BusError("WW_BUS_DOWN", `the bus was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = bus.onReadyChange((ready) => {
      if (!ready) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
