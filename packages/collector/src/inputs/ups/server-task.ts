/**
 * The schedule of one upsd server: every interval, `LIST UPS`, then `LIST VAR` for each UPS
 * (pipelined on one connection), one `infrastructure.status` event per UPS that upsd serves
 * fresh data for, and each UPS's health on `collector.status` (see ups-health.ts).
 *
 * The gather fails (the schedule's status becomes `error`, with backoff) when upsd cannot be
 * reached or refuses a UPS (`UNKNOWN-UPS`, `ACCESS-DENIED`); a UPS whose data is stale
 * (`DATA-STALE`, `DRIVER-NOT-CONNECTED`) or whose `ups.status` names no power state (`WAIT` while
 * a restarted driver initialises, empty, unknown words: see parse/status-flags.ts) does not fail
 * it — that UPS alone is `stale`, with no event, and the other UPSes keep their interval.
 */
import type { UpsEntry } from "@wirewatch/nut";
import { errorText } from "@wirewatch/protocol";
import type { GatherTask } from "../../collector.js";
import { CollectorError } from "../../errors.js";
import type { InputContext } from "../../registry.js";
import type { UpsConfig, UpsServerConfig } from "./config.js";
import type { NutSource, NutSourceFactory } from "./nut-source.js";
import { upsStatusProblem } from "./parse/status-flags.js";
import { toUpsPayload } from "./parse/ups-payload.js";
import { createUpsHealth } from "./ups-health.js";

/** `<name>` when the server has one, else `<host>:<port>`: the schedule's name. */
export function serverLabel(server: UpsServerConfig): string {
  return server.name ?? `${server.host}:${server.port}`;
}

export interface ServerTask extends GatherTask {
  close(): Promise<void>;
}

export function createServerTask(
  server: UpsServerConfig,
  config: UpsConfig,
  ctx: InputContext,
  factory: NutSourceFactory,
): ServerTask {
  const where = `${server.host}:${server.port}`;
  const host = server.name ?? ctx.host;
  const health = createUpsHealth({
    server: serverLabel(server),
    host,
    clock: ctx.clock,
    intervalMs: config.intervalMs,
  });
  let source: Promise<NutSource> | null = null;
  /** The server's source, made on first use; a factory that fails is asked again next time. */
  const connect = (): Promise<NutSource> => {
    source ??= Promise.resolve()
      .then(() => factory(server, config))
      .catch((err: unknown) => {
        source = null;
        throw err;
      });
    return source;
  };

  const failure = (err: unknown): CollectorError =>
    err instanceof CollectorError
      ? err
      : new CollectorError("WW_COLLECTOR_GATHER", `upsd at ${where}: ${errorText(err)}`, { cause: err });

  return {
    name: serverLabel(server),
    intervalMs: config.intervalMs,
    async gather(acc, signal) {
      const { isStaleError, NutError } = await import("@wirewatch/nut");
      let current: NutSource;
      let listed: UpsEntry[];
      try {
        current = await connect();
        listed = await current.listUps({ signal });
      } catch (err) {
        for (const ups of health.known()) health.report(acc, ups, "stale", `upsd at ${where} unreachable`);
        throw failure(err);
      }
      const descriptions = new Map(listed.map((entry) => [entry.name, entry.description]));
      const names = server.upses ?? listed.map((entry) => entry.name);
      if (names.length === 0) throw failure(new Error("upsd lists no UPS (LIST UPS is empty)"));
      if (!server.upses) {
        for (const ups of health.known().filter((known) => !descriptions.has(known))) {
          health.report(acc, ups, "stale", `no longer listed by upsd at ${where}`);
          health.forget(ups);
        }
      }

      const results = await Promise.allSettled(names.map((ups) => current.listVars(ups, { signal })));
      let firstFailure: unknown;
      results.forEach((result, index) => {
        const ups = names[index] as string;
        if (result.status === "fulfilled") {
          const problem = upsStatusProblem(result.value["ups.status"]);
          if (problem !== null) {
            health.report(acc, ups, "stale", `upsd at ${where}: LIST VAR ${ups}: no sample: ${problem}`);
            return;
          }
          const payload = toUpsPayload({
            name: ups,
            server: where,
            description: descriptions.get(ups),
            vars: result.value,
          });
          acc.emit("infrastructure.status", payload, { host });
          health.report(acc, ups, "ok");
          return;
        }
        const err = result.reason;
        if (isStaleError(err)) {
          health.report(acc, ups, "stale", `upsd at ${where}: ${err.message}`);
        } else if (err instanceof NutError && err.fromServer) {
          health.report(acc, ups, "error", `upsd at ${where}: ${err.message}`);
          firstFailure ??= err;
        } else {
          health.report(acc, ups, "stale", `upsd at ${where} unreachable`);
          firstFailure ??= err;
        }
      });
      if (firstFailure !== undefined) throw failure(firstFailure);
    },
    async close() {
      const pending = source;
      source = null;
      await (await pending?.catch(() => null))?.close();
    },
  };
}
