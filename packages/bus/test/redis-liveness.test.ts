import { describe, expect, it } from "vitest";
import { LivenessProbe } from "../src/redis-liveness.js";
import { recordingLogger } from "./recording-logger.js";

/** A probe on a hand-moved clock, ticked by the test (its interval timer is never started). */
function probeHarness(options: { canProbe?: () => boolean; publishFails?: boolean } = {}) {
  let now = 0;
  const sent: string[] = [];
  const misses: { waitedMs: number; first: boolean }[] = [];
  let alive = 0;
  const probe = new LivenessProbe({
    intervalMs: 1000,
    timeoutMs: 1500,
    publish: async (message) => {
      sent.push(message);
      if (options.publishFails) throw new Error("connection is closed");
    },
    canProbe: options.canProbe ?? (() => true),
    onMiss: (waitedMs, first) => misses.push({ waitedMs, first }),
    onAlive: () => alive++,
    logger: recordingLogger(),
    now: () => now,
  });
  return {
    probe,
    sent,
    misses,
    alive: () => alive,
    advance(ms: number) {
      now += ms;
      probe.tick();
    },
  };
}

describe("LivenessProbe", () => {
  it("sends one probe per interval while each comes back, and never reports a miss", () => {
    const h = probeHarness();
    h.advance(0);
    expect(h.sent).toEqual(["p1"]);
    h.advance(500);
    expect(h.sent).toHaveLength(1); // one outstanding at a time
    h.probe.delivered("p1");
    h.advance(500);
    expect(h.sent).toEqual(["p1", "p2"]);
    h.probe.delivered("p2");
    h.advance(5000);
    expect(h.misses).toEqual([]);
    expect(h.probe.isDead()).toBe(false);
  });

  it("reports a probe not delivered in time, again for each further miss, and alive on the next delivery", () => {
    const h = probeHarness();
    h.advance(0);
    h.advance(1600);
    expect(h.misses).toEqual([{ waitedMs: 1600, first: true }]);
    expect(h.probe.isDead()).toBe(true);
    h.advance(0); // a new probe is due: the interval passed
    expect(h.sent).toEqual(["p1", "p2"]);
    h.advance(1500);
    expect(h.misses).toEqual([
      { waitedMs: 1600, first: true },
      { waitedMs: 1500, first: false },
    ]);
    h.probe.resubscribed();
    expect(h.sent.at(-1)).toBe("p3");
    h.probe.delivered("p3");
    expect(h.alive()).toBe(1);
    expect(h.probe.isDead()).toBe(false);
  });

  it("ignores stale or foreign messages on the probe channel", () => {
    const h = probeHarness();
    h.advance(0);
    h.probe.delivered("p0");
    h.probe.delivered("not a probe");
    h.advance(1500);
    expect(h.misses).toHaveLength(1);
  });

  it("does not probe while a connection is down, and forgets a probe whose publish failed", async () => {
    let up = false;
    const down = probeHarness({ canProbe: () => up });
    down.advance(5000);
    expect(down.sent).toEqual([]);
    up = true;
    down.advance(1000);
    expect(down.sent).toEqual(["p1"]);

    const failing = probeHarness({ publishFails: true });
    failing.advance(0);
    await Promise.resolve();
    await Promise.resolve();
    failing.advance(2000);
    expect(failing.misses).toEqual([]);
  });
});
