/**
 * Where alert state outlives the process (architecture §1: "alert rules" run where samples originate,
 * so each collector keeps its own). The engine loads everything once at start and then writes
 * each alert or silence whenever it changes in a way a restart must not forget (a transition, an
 * acknowledgement, what the alert channel was last told); values alone are not written.
 *
 * Contract: `load` returns every record saved and not deleted (records a store cannot decode
 * are skipped and reported through `skipped`); `save*` replaces the record with that id;
 * `delete*` of a missing id is not an error. Any method may reject (Redis down): the engine
 * retries writes, and retries `load` until it succeeds before it evaluates anything.
 */
import type { AlertState } from "./alert-state.js";
import type { Silence } from "./silences.js";

export interface StoredState {
  alerts: AlertState[];
  silences: Silence[];
  /** Records that could not be decoded (ids), skipped. */
  skipped: string[];
}

export interface AlertStateStore {
  /** `memory` (lost on restart) or `redis`. */
  readonly kind: "memory" | "redis";
  load(): Promise<StoredState>;
  saveAlert(state: AlertState): Promise<void>;
  deleteAlert(id: string): Promise<void>;
  saveSilence(silence: Silence): Promise<void>;
  deleteSilence(id: string): Promise<void>;
  close(): Promise<void>;
}
