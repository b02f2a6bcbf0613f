/**
 * The alert engine of one process (architecture §1 "alert rules", §3 alert channels): it observes each
 * sample the process publishes, runs every rule on it through the pure state machine
 * (`evaluate.ts`), announces transitions on the rule's alert channel and on `log`
 * (`announcer.ts`), keeps firing state in a store (Redis when configured) so a restart neither
 * fires again nor loses a recovery, and serves the admin operations: list, acknowledge, silence,
 * unsilence.
 *
 * Contract:
 * - `start()` loads the stored state (retrying while the store is down) before anything is
 *   evaluated; samples observed earlier are ignored. An alert still firing in the store and still
 *   true does not fire again; one that is now false recovers once, from the first fresh sample.
 * - `observe(event)` is synchronous and never throws; publishing and storing happen behind it,
 *   in order. `collector.status` events (stale, error) make their inputs' alerts `unknown`.
 * - Subscribers of an alert channel are told every change of an alert's visible state (firing at
 *   a severity, unknown, resolved) once, unless a silence covers the alert; when the last
 *   silence ends, or after a failed publish, they are told the current state if it differs.
 * - `ack`, `silence`, `unsilence` reject with `AlertsError` (`WW_ALERTS_NOT_FOUND`,
 *   `WW_ALERTS_INVALID`); they resolve once the change was handed to the store.
 */
import type { AlertSummary, DraftEvent, SilenceSummary } from "@wirewatch/protocol";
import { backgroundClock, type Clock, errorText, type Logger, silentLogger } from "@wirewatch/protocol";
import { type AlertState, alertId } from "./alert-state.js";
import { createAlertTable } from "./alert-table.js";
import { createAnnouncer } from "./announcer.js";
import { inputCovers } from "./channel-defaults.js";
import type { CompiledRule } from "./compile-rule.js";
import { AlertsError } from "./errors.js";
import { evaluate, type Observation } from "./evaluate.js";
import { anyGlobMatch } from "./glob.js";
import { loadState } from "./load-state.js";
import { createMemoryStateStore } from "./memory-state-store.js";
import { createNotifier } from "./notifier.js";
import { extractObservations } from "./observations.js";
import { createPersistence } from "./persistence.js";
import type { Publisher } from "./publisher.js";
import { createSilenceBook } from "./silence-book.js";
import {
  createSilence,
  describeSilenceScope,
  type Silence,
  type SilenceRequest,
  toSilenceSummary,
} from "./silences.js";
import type { AlertStateStore } from "./state-store.js";
import { toAlertSummary } from "./summaries.js";

export interface AlertEngineOptions {
  rules: readonly CompiledRule[];
  /** Where alert and log events go: the bus itself (never the observing wrapper). */
  publisher: Publisher;
  /** Host of the engine's own events (silences, log lines not about one alert). */
  host: string;
  /** Default: the memory store (state lost on process restart). */
  store?: AlertStateStore;
  clock?: Clock;
  logger?: Logger;
  /** Wait before retrying a failed store load or write. Default 1000 ms. */
  retryDelayMs?: number;
}

export interface AlertEngine {
  start(): Promise<void>;
  /** True once the stored state is loaded. */
  ready(): boolean;
  observe(event: Pick<DraftEvent, "channel" | "host" | "data">): void;
  onCollectorStatus(event: Pick<DraftEvent, "host" | "data">): void;
  list(): { alerts: AlertSummary[]; silences: SilenceSummary[] };
  ack(alertId: string, by: string): Promise<AlertSummary>;
  silence(request: SilenceRequest): Promise<SilenceSummary>;
  unsilence(silenceId: string, by: string): Promise<SilenceSummary>;
  rules(): readonly CompiledRule[];
  /** Waits until every event and store write produced so far was attempted. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const active = (s: AlertState) => s.phase === "firing" || s.phase === "unknown";

export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const clock = options.clock ?? backgroundClock;
  const logger = options.logger ?? silentLogger;
  const store = options.store ?? createMemoryStateStore();
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const ruleByName = new Map(options.rules.map((rule) => [rule.name, rule]));
  const rulesByChannel = new Map<string, CompiledRule[]>();
  for (const rule of options.rules) {
    rulesByChannel.set(rule.channel, [...(rulesByChannel.get(rule.channel) ?? []), rule]);
  }
  const table = createAlertTable(clock, (id) => persistence.alertChanged(id));
  const silences = createSilenceBook(clock, (silence, how) => endSilence(silence, how));
  const persistence = createPersistence({
    store,
    alert: (id) => table.stored(id),
    silence: (id) => silences.get(id),
    clock,
    logger,
    retryDelayMs,
  });
  const notifier = createNotifier(options.publisher, logger);
  const announcer = createAnnouncer({ table, notifier, silences, clock });
  let loaded = false;
  let closed = false;
  let starting: Promise<void> | undefined;

  function apply(rule: CompiledRule, id: string, host: string, key: string | null, observation: Observation) {
    const previous = table.get(id);
    if (!previous && observation.kind === "stale") return;
    const { state, transitions } = evaluate(rule, previous, observation, { id, host, key }, clock.now());
    table.set(state);
    for (const transition of transitions) announcer.transition(rule, state, transition);
    if (transitions.length === 0) announcer.catchUp(rule, state);
    table.commit(rule, previous, state);
  }

  function observeRule(rule: CompiledRule, host: string, data: unknown): void {
    const seen = new Set<string>();
    for (const { key, value, labels } of extractObservations(rule, data)) {
      const id = alertId(rule.name, host, key);
      seen.add(id);
      apply(rule, id, host, key, { kind: "sample", value, labels });
    }
    // Items a fresh sample no longer reports (an unmounted filesystem) are not good news either.
    // Only an array field is a snapshot of every item: a single-value sample keyed by a field
    // (one UPS of several, one collector input) says nothing about the other keys.
    if (rule.field.array === null) return;
    for (const state of table.all()) {
      if (state.rule !== rule.name || state.host !== host || seen.has(state.id)) continue;
      if (state.phase !== "firing" && state.phase !== "pending") continue;
      const what = state.key ?? rule.field.text;
      apply(rule, state.id, host, state.key, { kind: "stale", reason: `${what} is no longer reported` });
    }
  }

  function onCollectorStatus(event: Pick<DraftEvent, "host" | "data">): void {
    if (!loaded || closed) return;
    const data = (event.data ?? {}) as { input?: unknown; state?: unknown; error?: unknown };
    if (typeof data.input !== "string" || (data.state !== "stale" && data.state !== "error")) return;
    const input = data.input;
    const reason = `collector ${input} is ${data.state}${typeof data.error === "string" ? `: ${data.error}` : ""}`;
    for (const state of table.all()) {
      const rule = ruleByName.get(state.rule);
      if (!rule || state.host !== event.host || !rule.inputs.some((source) => inputCovers(input, source)))
        continue;
      if (state.phase === "firing" || state.phase === "pending") {
        apply(rule, state.id, state.host, state.key, { kind: "stale", reason });
      }
    }
  }

  function catchUpAll(): void {
    for (const state of table.all()) {
      const rule = ruleByName.get(state.rule);
      if (rule) announcer.catchUp(rule, state);
    }
  }

  function endSilence(silence: Silence, how: string): void {
    persistence.silenceChanged(silence.id);
    announcer.log(options.host, "info", `Silence ${silence.id} (${describeSilenceScope(silence)}) ${how}`, {
      silence_id: silence.id,
      action: how === "expired" ? "expired" : "removed",
    });
    catchUpAll();
  }

  async function load(): Promise<void> {
    const stored = await loadState(store, { clock, logger, retryDelayMs, closed: () => closed });
    for (const state of stored.alerts) {
      if (ruleByName.has(state.rule)) {
        table.set(state);
        continue;
      }
      persistence.alertChanged(state.id);
      const text = `Alert ${state.id} of rule '${state.rule}' dropped: the rule is no longer configured`;
      announcer.log(state.host, "warn", text, { alert_id: state.id, rule: state.rule });
    }
    for (const silence of stored.silences) silences.add(silence);
    loaded = true;
    const firing = table.all().filter(active).length;
    logger.info(
      { store: store.kind, active: firing, silences: stored.silences.length },
      "alert state loaded",
    );
    silences.sweep();
    catchUpAll();
  }

  function summaryOf(state: AlertState): AlertSummary | undefined {
    const rule = ruleByName.get(state.rule);
    return rule && active(state)
      ? toAlertSummary(rule, state, silences.covering(state), clock.now())
      : undefined;
  }

  const flush = async (): Promise<void> => {
    for (let round = 0; round < 3; round++) {
      await notifier.flush();
      await persistence.flush();
    }
  };

  return {
    start() {
      starting ??= load();
      return starting;
    },
    ready: () => loaded,
    observe(event) {
      if (!loaded || closed) return;
      try {
        if (event.channel === "collector.status") onCollectorStatus(event);
        for (const rule of rulesByChannel.get(event.channel) ?? []) {
          if (rule.hosts !== null && !anyGlobMatch(rule.hosts, event.host)) continue;
          observeRule(rule, event.host, event.data);
        }
      } catch (error) {
        logger.error({ err: errorText(error), channel: event.channel }, "alert evaluation failed");
      }
    },
    onCollectorStatus,
    list() {
      const alerts = table
        .all()
        .map(summaryOf)
        .filter((s): s is AlertSummary => s !== undefined)
        .sort(
          (a, b) =>
            (a.fired_at ?? "").localeCompare(b.fired_at ?? "") || a.alert_id.localeCompare(b.alert_id),
        );
      return { alerts, silences: silences.all().map(toSilenceSummary) };
    },
    async ack(id, by) {
      const state = table.get(id);
      const rule = state && ruleByName.get(state.rule);
      if (!state || !rule || !active(state))
        throw new AlertsError("WW_ALERTS_NOT_FOUND", `no active alert with id '${id}'`);
      let current = state;
      if (state.acknowledged === null) {
        current = { ...state, acknowledged: { by, at: clock.now() } };
        table.commit(rule, state, current);
        announcer.acknowledged(rule, current, by);
      }
      await persistence.flush();
      return summaryOf(current) as AlertSummary;
    },
    async silence(request) {
      const silence = createSilence(request, [...ruleByName.keys()], clock.now());
      silences.add(silence);
      persistence.silenceChanged(silence.id);
      const scope = describeSilenceScope(silence);
      const until = new Date(silence.expiresAt).toISOString();
      announcer.log(
        options.host,
        "info",
        `Silence ${silence.id} by ${silence.createdBy}: ${scope} until ${until}: ${silence.reason}`,
        {
          silence_id: silence.id,
          action: "created",
        },
      );
      await persistence.flush();
      return toSilenceSummary(silence);
    },
    async unsilence(id, by) {
      const silence = silences.remove(id);
      if (!silence) throw new AlertsError("WW_ALERTS_NOT_FOUND", `no silence with id '${id}'`);
      endSilence(silence, `removed by ${by}`);
      await persistence.flush();
      return toSilenceSummary(silence);
    },
    rules: () => options.rules,
    flush,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      silences.close();
      persistence.close();
      await store.close();
    },
  };
}
