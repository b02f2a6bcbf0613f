import type { Timers } from "../../src/index.js";

/** Real timers that count what is still scheduled, so a test can prove "no retry pending". */
export function countingTimers(): Timers & { readonly pending: number } {
  const live = new Set<unknown>();
  return {
    setTimeout(callback, ms) {
      const handle = setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      clearTimeout(handle as NodeJS.Timeout);
    },
    get pending() {
      return live.size;
    },
  };
}
