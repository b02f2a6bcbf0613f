import type { Clock } from "@wirewatch/protocol";
import { checkPayload, type DraftEvent } from "@wirewatch/protocol";
import type { Accumulator, EmitOptions } from "./collector.js";
import { CollectorError } from "./errors.js";

export interface AccumulatorOptions {
  host: string;
  clock: Clock;
  /** Receives each valid draft. */
  send(draft: DraftEvent): void;
  /** Receives failures: `acc.error` calls and payloads failing their schema. */
  onError(err: unknown): void;
  /** Receives events emitted after `seal()` (e.g. by a gather that overran its deadline). */
  onLate?(channel: string): void;
  /** Check each payload with the protocol's channel schemas (default true). */
  validate?: boolean;
}

export interface SealableAccumulator extends Accumulator {
  /** Stops accepting events; later emits go to `onLate` and are dropped. */
  seal(): void;
}

/**
 * Builds drafts for one run of one input: fills `host` (the input's, unless the emit names
 * another) and `timestamp` (the clock's now, unless given), validates `data` against the
 * channel's schema and passes valid drafts on. An invalid payload is not published; it is
 * reported as a `WW_COLLECTOR_PAYLOAD_INVALID` failure of the run.
 */
export function createAccumulator(options: AccumulatorOptions): SealableAccumulator {
  const validate = options.validate ?? true;
  let sealed = false;
  return {
    host: options.host,
    emit(channel: string, data: unknown, emitOptions: EmitOptions = {}) {
      if (sealed) {
        options.onLate?.(channel);
        return;
      }
      if (validate) {
        const check = checkPayload(channel, data);
        if (!check.ok) {
          options.onError(new CollectorError("WW_COLLECTOR_PAYLOAD_INVALID", `${channel}: ${check.reason}`));
          return;
        }
      }
      options.send({
        channel,
        host: emitOptions.host ?? options.host,
        timestamp: toIso(emitOptions.timestamp ?? options.clock.now()),
        data,
      });
    },
    error(err: unknown) {
      if (!sealed) options.onError(err);
    },
    seal() {
      sealed = true;
    },
  };
}

function toIso(value: Date | string | number): string {
  if (typeof value === "string") return value;
  return (typeof value === "number" ? new Date(value) : value).toISOString();
}
