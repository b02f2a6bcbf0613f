/**
 * Write-behind of alert state to the store: the engine marks what changed (synchronously, while
 * evaluating) and this writes the current version of each marked record, one write at a time.
 * A failed write (Redis down) keeps the record marked and retries after `retryDelayMs`; the
 * failure is logged once per outage. Writes never block evaluation and never throw.
 */

import type { Clock, Logger } from "@wirewatch/protocol";
import { errorText } from "@wirewatch/protocol";
import type { AlertState } from "./alert-state.js";
import type { Silence } from "./silences.js";
import type { AlertStateStore } from "./state-store.js";

export interface PersistenceOptions {
  store: AlertStateStore;
  /** The record to write now for an alert id; undefined deletes it. */
  alert(id: string): AlertState | undefined;
  silence(id: string): Silence | undefined;
  clock: Clock;
  logger: Logger;
  retryDelayMs: number;
}

export interface Persistence {
  alertChanged(id: string): void;
  silenceChanged(id: string): void;
  /** Resolves once every record marked so far was written, or a write failed (retry pending). */
  flush(): Promise<void>;
  /** True while a write failed and waits for its retry. */
  failing(): boolean;
  close(): void;
}

export function createPersistence(options: PersistenceOptions): Persistence {
  const { store, clock, logger } = options;
  const alerts = new Set<string>();
  const silences = new Set<string>();
  let running: Promise<void> | null = null;
  let retryTimer: unknown = null;
  let failed = false;
  let closed = false;

  const writeOne = async (kind: "alert" | "silence", id: string): Promise<void> => {
    if (kind === "alert") {
      const state = options.alert(id);
      await (state ? store.saveAlert(state) : store.deleteAlert(id));
    } else {
      const silence = options.silence(id);
      await (silence ? store.saveSilence(silence) : store.deleteSilence(id));
    }
  };

  const drain = async (): Promise<void> => {
    while (alerts.size + silences.size > 0) {
      const batch: ["alert" | "silence", string][] = [
        ...[...alerts].map((id) => ["alert", id] as ["alert", string]),
        ...[...silences].map((id) => ["silence", id] as ["silence", string]),
      ];
      alerts.clear();
      silences.clear();
      for (const [index, [kind, id]] of batch.entries()) {
        try {
          await writeOne(kind, id);
        } catch (error) {
          for (const [k, i] of batch.slice(index)) (k === "alert" ? alerts : silences).add(i);
          if (!failed) logger.warn({ err: errorText(error) }, "alert state not saved; retrying");
          failed = true;
          if (!closed && retryTimer === null) {
            retryTimer = clock.setTimeout(() => {
              retryTimer = null;
              kick();
            }, options.retryDelayMs);
          }
          return;
        }
      }
      if (failed) logger.info({}, "alert state saved again");
      failed = false;
    }
  };

  const kick = (): void => {
    if (running || closed) return;
    running = drain().finally(() => {
      running = null;
      if (!failed && alerts.size + silences.size > 0) kick();
    });
  };

  return {
    alertChanged(id) {
      alerts.add(id);
      if (!failed) kick();
    },
    silenceChanged(id) {
      silences.add(id);
      if (!failed) kick();
    },
    async flush() {
      while (running) await running;
      if (!failed && !closed && alerts.size + silences.size > 0) {
        kick();
        while (running) await running;
      }
    },
    failing: () => failed,
    close() {
      closed = true;
      if (retryTimer !== null) clock.clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}
