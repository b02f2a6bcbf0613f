// How long the event loop of this process goes between turns, and why: a 1 ms timer that, at
// every tick, reads the main thread's scheduler counters (/proc/thread-self/schedstat: ns on a
// CPU, ns waiting for one). A long gap with the thread on a CPU is work this process did without
// yielding (a stall it causes); a long gap spent waiting is the machine's other load.
import { closeSync, openSync, readSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";

/**
 * Starts sampling; `reset()` opens a window, `report()` summarizes it (ms, and the bus events
 * counted with `event()` in that gap), with the window's garbage collections (count, total and
 * longest pause, wall clock). Linux only.
 */
export function createLoopTurns() {
  const fd = openSync("/proc/thread-self/schedstat", "r");
  const buf = Buffer.alloc(128);
  const sched = () => {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const [run, wait] = buf.toString("latin1", 0, n).split(" ");
    return { runMs: Number(run) / 1e6, waitMs: Number(wait) / 1e6 };
  };
  let window;
  const reset = () => {
    const none = { gapMs: 0, runMs: 0, waitMs: 0, events: 0 };
    window = {
      longest: none,
      longestRun: none,
      over20: 0,
      over20Run: 0,
      gc: { count: 0, totalMs: 0, maxMs: 0 },
    };
  };
  reset();
  let prev = { at: performance.now(), ...sched() };
  let events = 0;
  const timer = setInterval(() => {
    const now = { at: performance.now(), ...sched() };
    const turn = {
      gapMs: now.at - prev.at,
      runMs: now.runMs - prev.runMs,
      waitMs: now.waitMs - prev.waitMs,
      events,
    };
    prev = now;
    events = 0;
    if (turn.gapMs > window.longest.gapMs) window.longest = turn;
    if (turn.runMs > window.longestRun.runMs) window.longestRun = turn;
    if (turn.gapMs > 20) window.over20++;
    if (turn.runMs > 20) window.over20Run++;
  }, 1);
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.gc.count++;
      window.gc.totalMs += entry.duration;
      window.gc.maxMs = Math.max(window.gc.maxMs, entry.duration);
    }
  });
  gc.observe({ entryTypes: ["gc"] });
  return {
    reset,
    /** Counts one bus event in the current gap (`events` of a reported turn). */
    event: () => events++,
    /** `longest`: the longest gap (with its on-CPU and waiting parts); `longestRun`: the gap with the most on-CPU time. */
    report: () => ({ ...window }),
    stop() {
      gc.disconnect();
      clearInterval(timer);
      closeSync(fd);
    },
  };
}
