import type { Clock, DraftEvent, Logger } from "@wirewatch/protocol";
import type { PublishSink } from "./publish-sink.js";
import type { TaskStatus } from "./task-health.js";

/** What every runner (polled task or stream) shares, handed down by the scheduler. */
export interface RunnerContext {
  /** Host of events and of status events. */
  host: string;
  clock: Clock;
  random: () => number;
  logger: Logger;
  sink: PublishSink;
  validate: boolean;
  staleAfterIntervals: number;
  statusEveryIntervals: number;
  maxBackoffMs: number;
}

/** The `collector.status` draft of a status. */
export function statusDraft(ctx: RunnerContext, status: TaskStatus): DraftEvent {
  return {
    channel: "collector.status",
    host: ctx.host,
    timestamp: new Date(ctx.clock.now()).toISOString(),
    data: status,
  };
}
