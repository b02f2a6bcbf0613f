// The pacing loop every fan-out benchmark publishes with (bench/gateway/server.mjs,
// bench/cluster/publisher.mjs), so every server under test sees the same schedule.
import { createHistogram, mergePercentiles } from "./histogram.mjs";
import { wallMs } from "./proc.mjs";

/**
 * Calls `publish(i, sentAt)` at `rate` events/s until `stopAt` (wall ms), event i due at
 * start + i/rate. One event per macrotask: after each publish the loop yields (setImmediate, or a
 * timer until the next is due), so a synchronous fan-out in the same process finishes before the
 * next event is stamped — when a server cannot keep up, the backlog shows as publish lag and as
 * fewer events published, never as a burst of events stamped at the same instant. Resolves with
 * how many events were published in all and in [windowStart, windowEnd), and how late publishes
 * ran behind their schedule inside the window.
 */
export function publishPaced(publish, { rate, windowStart, windowEnd, stopAt }) {
  return new Promise((resolve) => {
    const start = wallMs();
    const interval = 1000 / rate;
    const lag = createHistogram();
    let i = 0;
    let inWindow = 0;
    const tick = () => {
      let now = wallMs();
      if (now >= stopAt) {
        resolve({ total: i, inWindow, lag: mergePercentiles([lag.toJSON()]) });
        return;
      }
      const due = start + i * interval;
      if (due <= now) {
        publish(i, now);
        if (now >= windowStart && now < windowEnd) {
          inWindow++;
          lag.record(now - due);
        }
        i++;
        now = wallMs();
      }
      const wait = start + i * interval - now;
      if (wait <= 0) setImmediate(tick);
      else setTimeout(tick, wait);
    };
    tick();
  });
}
