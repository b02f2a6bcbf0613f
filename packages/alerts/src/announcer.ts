/**
 * Turns what happened to an alert into events: every transition becomes a `log` line, and an
 * alert channel event unless a silence covers the alert. Each alert remembers what its channel
 * was last told (`notified`, updated once the bus took the event); `catchUp` tells the channel
 * the alert's current state when that differs — after a failed publish, when a silence ends, or
 * after a restart — so subscribers converge and a recovery is never lost.
 */

import type { Clock } from "@wirewatch/protocol";
import { type AlertState, sameVisible, type Visible, visibleOf } from "./alert-state.js";
import type { AlertTable } from "./alert-table.js";
import type { CompiledRule } from "./compile-rule.js";
import type { Transition } from "./evaluate.js";
import type { LogLevel, Notifier } from "./notifier.js";
import { type Announcement, alertPayload, messageOf } from "./payload.js";
import type { SilenceBook } from "./silence-book.js";

export interface Announcer {
  transition(rule: CompiledRule, state: AlertState, transition: Transition): void;
  acknowledged(rule: CompiledRule, state: AlertState, by: string): void;
  catchUp(rule: CompiledRule, state: AlertState): void;
  /** A `log` line not about one alert transition (silences, dropped alerts). */
  log(host: string, level: LogLevel, text: string, fields: Record<string, unknown>): void;
}

export interface AnnouncerOptions {
  table: AlertTable;
  notifier: Notifier;
  silences: SilenceBook;
  clock: Clock;
}

export function createAnnouncer({ table, notifier, silences, clock }: AnnouncerOptions): Announcer {
  const inflight = new Map<string, number>();
  const iso = () => new Date(clock.now()).toISOString();
  const log = (host: string, level: LogLevel, text: string, fields: Record<string, unknown>) =>
    notifier.log(host, level, text, fields, iso());

  /** Publishes; on success records `after` as what the channel now knows (undefined: unchanged). */
  const publish = (
    rule: CompiledRule,
    state: AlertState,
    a: Announcement,
    after: Visible | null | undefined,
  ) => {
    const draft = {
      channel: rule.alertChannel,
      host: state.host,
      timestamp: iso(),
      data: alertPayload(rule, state, a),
    };
    inflight.set(state.id, (inflight.get(state.id) ?? 0) + 1);
    void notifier.publish(draft).then((ok) => {
      const left = (inflight.get(state.id) ?? 1) - 1;
      if (left > 0) inflight.set(state.id, left);
      else inflight.delete(state.id);
      const current = table.get(state.id);
      if (ok && after !== undefined && current) table.commit(rule, current, { ...current, notified: after });
    });
  };

  const elapsed = (from: number | null, to = clock.now()) => (from === null ? 0 : to - from);

  return {
    log,
    transition(rule, state, t) {
      const visible = t.kind === "resolved" ? "resolved" : t.kind === "unknown" ? "unknown" : "firing";
      const a: Announcement = { ...t, state: visible };
      const silenced = silences.covering(state).length > 0;
      const text = messageOf(rule, state, a);
      const level: LogLevel =
        visible === "resolved" || t.kind === "deescalated"
          ? "info"
          : t.severity === "critical"
            ? "error"
            : "warn";
      log(state.host, level, silenced ? `${text} (silenced)` : text, {
        alert_id: state.id,
        rule: rule.name,
        transition: t.kind,
      });
      if (silenced) return;
      publish(rule, state, a, visible === "resolved" ? null : { state: visible, severity: t.severity });
    },
    acknowledged(rule, state, by) {
      const a: Announcement = {
        kind: "acknowledged",
        state: state.phase === "unknown" ? "unknown" : "firing",
        severity: state.severity ?? "warning",
        value: state.value,
        threshold: state.threshold,
        heldMs: elapsed(state.since),
        firingMs: elapsed(state.firedAt),
        by,
        ...(state.unknownReason === null ? {} : { reason: state.unknownReason }),
      };
      log(state.host, "info", messageOf(rule, state, a), {
        alert_id: state.id,
        rule: rule.name,
        transition: "acknowledged",
      });
      if (silences.covering(state).length === 0) publish(rule, state, a, undefined);
    },
    catchUp(rule, state) {
      if ((inflight.get(state.id) ?? 0) > 0 || silences.covering(state).length > 0) return;
      const visible = visibleOf(state);
      if (sameVisible(visible, state.notified)) return;
      const severity = visible?.severity ?? state.notified?.severity ?? "warning";
      const end = visible ? clock.now() : (state.resolvedAt ?? clock.now());
      const a: Announcement = {
        kind: "catch_up",
        state: visible?.state ?? "resolved",
        severity,
        value: state.value,
        threshold: rule.thresholds[severity] ?? null,
        heldMs: elapsed(state.since, end),
        firingMs: elapsed(state.firedAt, end),
        ...(state.unknownReason === null ? {} : { reason: state.unknownReason }),
      };
      publish(rule, state, a, visible);
    },
  };
}
