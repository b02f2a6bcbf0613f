import type { BusLogger } from "./bus.js";
import { errorFields } from "./logger.js";

/**
 * A boolean with change listeners: backs `ready()` / `onReadyChange()`.
 *
 * Contract: listeners run synchronously, only on an actual change, in registration order; a
 * throwing listener is logged and does not stop the others.
 */
export class ReadyState {
  private value = false;
  private readonly listeners = new Set<(ready: boolean) => void>();

  constructor(private readonly logger: BusLogger) {}

  get(): boolean {
    return this.value;
  }

  set(next: boolean): void {
    if (next === this.value) return;
    this.value = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.logger.error(errorFields(error), "bus onReadyChange listener threw");
      }
    }
  }

  listen(listener: (ready: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  clear(): void {
    this.listeners.clear();
  }
}
