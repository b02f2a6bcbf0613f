/**
 * The engine's voice: alert events on their alert channels and lines on `log`, published one
 * after another in the order the engine produced them. A failed publish (bus down) is logged
 * once per outage and reported to the caller as `false` — the engine retries alert events by
 * catching up later; log lines are not retried.
 */
import type { DraftEvent, Logger } from "@wirewatch/protocol";
import { errorText } from "@wirewatch/protocol";
import type { Publisher } from "./publisher.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Notifier {
  publish(draft: DraftEvent): Promise<boolean>;
  /** A `log` channel line (`source: "alerts"`), also written to the process log. */
  log(host: string, level: LogLevel, text: string, fields: Record<string, unknown>, timestamp: string): void;
  /** Resolves when everything handed over so far was published or failed. */
  flush(): Promise<void>;
}

export function createNotifier(publisher: Publisher, logger: Logger): Notifier {
  let chain: Promise<unknown> = Promise.resolve();
  let failing = false;

  const publish = (draft: DraftEvent): Promise<boolean> => {
    const attempt = chain.then(async () => {
      try {
        await publisher.publish(draft);
        if (failing) logger.info({}, "alert events published again");
        failing = false;
        return true;
      } catch (error) {
        if (!failing)
          logger.warn({ channel: draft.channel, err: errorText(error) }, "alert event not published");
        failing = true;
        return false;
      }
    });
    chain = attempt;
    return attempt;
  };

  return {
    publish,
    log(host, level, text, fields, timestamp) {
      logger[level]({ ...fields }, text);
      void publish({ channel: "log", host, timestamp, data: { level, source: "alerts", text, ...fields } });
    },
    async flush() {
      let seen: Promise<unknown> | undefined;
      while (seen !== chain) {
        seen = chain;
        await chain;
      }
    },
  };
}
