import type { Clock, Logger } from "@wirewatch/protocol";
import { errorText } from "@wirewatch/protocol";
import { AlertsError } from "./errors.js";
import type { AlertStateStore, StoredState } from "./state-store.js";

/**
 * Loads the stored state, retrying every `retryDelayMs` while the store fails (Redis down at
 * start), logging once. Rejects with `WW_ALERTS_CLOSED` if `closed()` turns true first.
 */
export async function loadState(
  store: AlertStateStore,
  options: { clock: Clock; logger: Logger; retryDelayMs: number; closed: () => boolean },
): Promise<StoredState> {
  let warned = false;
  for (;;) {
    if (options.closed())
      throw new AlertsError("WW_ALERTS_CLOSED", "the alert engine was closed while loading");
    try {
      const stored = await store.load();
      for (const id of stored.skipped) options.logger.warn({ id }, "unreadable alert state record skipped");
      return stored;
    } catch (error) {
      if (!warned) options.logger.warn({ err: errorText(error) }, "alert state not loaded yet; retrying");
      warned = true;
      await new Promise<void>((resolve) => options.clock.setTimeout(resolve, options.retryDelayMs));
    }
  }
}
