import type { AlertEngine } from "./engine.js";
import type { Publisher } from "./publisher.js";

/**
 * Evaluates alerts in the process where samples originate (architecture §1): wraps the collector's
 * publisher so every draft is handed to the bus first and then observed by the engine. The
 * engine sees each sample whether or not the bus took it (a bus outage does not blind the rules;
 * their alert events are retried). The engine's own events go to the unwrapped publisher.
 */
export function observingPublisher(publisher: Publisher, engine: Pick<AlertEngine, "observe">): Publisher {
  return {
    publish(draft) {
      const published = publisher.publish(draft);
      engine.observe(draft);
      return published;
    },
  };
}
