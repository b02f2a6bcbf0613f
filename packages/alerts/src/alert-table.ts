/**
 * The alerts an engine currently tracks, by id. `commit` is the one way a new state enters: it
 * forgets an alert that has nothing left worth keeping (inactive, announced, out of cooldown)
 * and reports to `onStoredChange` whenever something a restart needs changed.
 */

import type { Clock } from "@wirewatch/protocol";
import { type AlertState, isQuiescent, storedSignature } from "./alert-state.js";
import type { CompiledRule } from "./compile-rule.js";

export interface AlertTable {
  get(id: string): AlertState | undefined;
  /** Sets a state without the bookkeeping (during evaluation; `commit` follows). */
  set(state: AlertState): void;
  all(): AlertState[];
  commit(rule: CompiledRule, previous: AlertState | undefined, state: AlertState): void;
  /** The record the store should hold for an id, or undefined (delete it). */
  stored(id: string): AlertState | undefined;
}

export function createAlertTable(clock: Clock, onStoredChange: (id: string) => void): AlertTable {
  const alerts = new Map<string, AlertState>();
  return {
    get: (id) => alerts.get(id),
    set(state) {
      alerts.set(state.id, state);
    },
    all: () => [...alerts.values()],
    commit(rule, previous, state) {
      if (isQuiescent(state, rule.cooldownMs, clock.now())) alerts.delete(state.id);
      else alerts.set(state.id, state);
      if (storedSignature(previous) !== storedSignature(alerts.get(state.id))) onStoredChange(state.id);
    },
    stored(id) {
      const state = alerts.get(id);
      return state && storedSignature(state) !== "" ? state : undefined;
    },
  };
}
