import { z } from "zod";

/**
 * The one shape every event has on the bus and on the native wire (architecture §3): UMA's documented
 * envelope plus `host`, `seq` and `epoch`.
 *
 * Contract: `type` equals `channel` for data events. `seq` is assigned by the bus when the event
 * enters it, strictly increasing per channel across all publishers; `epoch` names the history it
 * belongs to and changes when that history is lost, so `(epoch, seq)` is a resume point.
 * Publishers hand the bus a {@link DraftEvent}; subscribers only ever see a full {@link BusEvent}.
 */
export interface BusEvent<T = unknown> {
  type: string;
  channel: string;
  host: string;
  seq: number;
  epoch: string;
  timestamp: string;
  data: T;
}

/** What a publisher hands the bus: everything but the bus-assigned `seq` and `epoch`. */
export type DraftEvent<T = unknown> = Omit<BusEvent<T>, "seq" | "epoch" | "type" | "timestamp"> & {
  type?: string;
  timestamp?: string;
};

/** Longest host name accepted anywhere (DNS label rules would allow 253; 64 keeps keys short). */
export const MAX_HOST_LENGTH = 64;
export const hostSchema = z
  .string()
  .min(1)
  .max(MAX_HOST_LENGTH)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "host must be letters, digits, '.', '_' or '-'");

const isoTimestamp = z.iso.datetime({ offset: true });

/** Schema of a full event as it leaves the bus; `data` is checked per channel by the registry. */
export const busEventSchema = z.object({
  type: z.string().min(1).max(128),
  channel: z.string().min(1).max(128),
  host: hostSchema,
  seq: z.number().int().nonnegative(),
  epoch: z.string().min(1).max(64),
  timestamp: isoTimestamp,
  data: z.unknown(),
});

/** Schema of what a publisher may submit. */
export const draftEventSchema = z.object({
  type: z.string().min(1).max(128).optional(),
  channel: z.string().min(1).max(128),
  host: hostSchema,
  timestamp: isoTimestamp.optional(),
  data: z.unknown(),
});

/** Completes a draft with the bus-assigned position. Pure; the bus is the only caller. */
export function sealEvent<T>(
  draft: DraftEvent<T>,
  seq: number,
  epoch: string,
  now: Date = new Date(),
): BusEvent<T> {
  return {
    type: draft.type ?? draft.channel,
    channel: draft.channel,
    host: draft.host,
    seq,
    epoch,
    timestamp: draft.timestamp ?? now.toISOString(),
    data: draft.data,
  };
}
