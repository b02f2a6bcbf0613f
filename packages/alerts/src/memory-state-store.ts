import type { AlertState } from "./alert-state.js";
import { decodeAlert, decodeSilence, encodeRecord } from "./record-codec.js";
import type { Silence } from "./silences.js";
import type { AlertStateStore, StoredState } from "./state-store.js";

/**
 * The in-process store: what `wirewatch start` uses without Redis. It survives an engine being
 * re-created in the same process (tests, reloads) but not a process restart — firing alerts are
 * then forgotten and fire again if still true, and a recovery that happens while the process is
 * down is not announced. Records are kept as JSON so they round-trip exactly like Redis's.
 */
export interface MemoryStateStore extends AlertStateStore {
  /** The raw records, for tests. */
  readonly alerts: ReadonlyMap<string, string>;
  readonly silences: ReadonlyMap<string, string>;
}

export function createMemoryStateStore(): MemoryStateStore {
  const alerts = new Map<string, string>();
  const silences = new Map<string, string>();
  return {
    kind: "memory",
    alerts,
    silences,
    async load(): Promise<StoredState> {
      const out: StoredState = { alerts: [], silences: [], skipped: [] };
      for (const [id, text] of alerts) {
        const alert = decodeAlert(text);
        if (alert) out.alerts.push(alert);
        else out.skipped.push(id);
      }
      for (const [id, text] of silences) {
        const silence = decodeSilence(text);
        if (silence) out.silences.push(silence);
        else out.skipped.push(id);
      }
      return out;
    },
    async saveAlert(state: AlertState) {
      alerts.set(state.id, encodeRecord(state));
    },
    async deleteAlert(id: string) {
      alerts.delete(id);
    },
    async saveSilence(silence: Silence) {
      silences.set(silence.id, encodeRecord(silence));
    },
    async deleteSilence(id: string) {
      silences.delete(id);
    },
    async close() {},
  };
}
