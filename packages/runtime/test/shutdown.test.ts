import { describe, expect, it } from "vitest";
import { createHealth, createShutdown, SHUTDOWN_ORDER } from "../src/index.js";
import { deferred, memoryLogger } from "./helpers.js";

function setup(graceMs = 10_000) {
  const log = memoryLogger();
  const health = createHealth();
  const exits: number[] = [];
  const shutdown = createShutdown({ logger: log.logger, health, graceMs, exit: (code) => exits.push(code) });
  return { log, health, exits, shutdown };
}

describe("createShutdown", () => {
  it("marks readiness false before the first step, then runs steps by order and exits 0", async () => {
    const { shutdown, health, exits, log } = setup();
    const calls: string[] = [];
    const record = (name: string) => () => {
      calls.push(`${name}:${health.phase}`);
    };
    shutdown.add("bus", record("bus"), { order: SHUTDOWN_ORDER.closeBus });
    shutdown.add("admin", record("admin"), { order: SHUTDOWN_ORDER.closeAdmin });
    shutdown.add("sockets", record("sockets"), { order: SHUTDOWN_ORDER.closeSockets });
    shutdown.add("listener", record("listener"), { order: SHUTDOWN_ORDER.stopAccepting });
    shutdown.add("pools-a", record("pools-a"), { order: SHUTDOWN_ORDER.closePools });
    shutdown.add("pools-b", record("pools-b"), { order: SHUTDOWN_ORDER.closePools });

    expect(await shutdown.run("SIGTERM")).toBe(0);
    expect(calls).toEqual([
      "listener:shutting-down",
      "sockets:shutting-down",
      "pools-a:shutting-down",
      "pools-b:shutting-down",
      "bus:shutting-down",
      "admin:shutting-down",
    ]);
    expect(exits).toEqual([0]);
    expect(health.phase).toBe("stopped");
    expect(log.records().map((r) => r.msg)).toContain("shutdown complete");
  });

  it("awaits each step before starting the next", async () => {
    const { shutdown } = setup();
    const events: string[] = [];
    const gate = deferred();
    shutdown.add("first", async () => {
      events.push("first:start");
      await gate.promise;
      events.push("first:end");
    });
    shutdown.add("second", () => {
      events.push("second");
    });
    const running = shutdown.run("test");
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(events).toEqual(["first:start"]);
    gate.resolve();
    await running;
    expect(events).toEqual(["first:start", "first:end", "second"]);
  });

  it("is idempotent: concurrent and later runs share one shutdown", async () => {
    const { shutdown, exits } = setup();
    let closes = 0;
    shutdown.add("bus", () => {
      closes += 1;
    });
    const first = shutdown.run("SIGTERM");
    const second = shutdown.run("SIGINT");
    expect(second).toBe(first);
    await first;
    expect(await shutdown.run("again")).toBe(0);
    expect(closes).toBe(1);
    expect(exits).toEqual([0]);
    expect(shutdown.started).toBe(true);
  });

  it("logs a failing step and still runs the others", async () => {
    const { shutdown, exits, log } = setup();
    const ran: string[] = [];
    shutdown.add("sockets", () => {
      throw new Error("socket close failed");
    });
    shutdown.add("pools", async () => {
      ran.push("pools");
      throw new Error("pool close failed with password=hunter2");
    });
    shutdown.add("bus", () => {
      ran.push("bus");
    });

    expect(await shutdown.run("test")).toBe(0);
    expect(ran).toEqual(["pools", "bus"]);
    expect(exits).toEqual([0]);
    const failures = log.records().filter((r) => r.msg === "shutdown step failed");
    expect(failures.map((r) => r.step)).toEqual(["sockets", "pools"]);
    expect(failures[1]?.err).toMatchObject({ message: "pool close failed with password=[REDACTED]" });
    expect(log.records().find((r) => r.msg === "shutdown complete with failed steps")).toMatchObject({
      failed: ["sockets", "pools"],
    });
  });

  it("exits 1 at the hard deadline naming the unfinished steps, and aborts their signal", async () => {
    const { shutdown, exits, log, health } = setup(50);
    let stuckSignal: AbortSignal | undefined;
    let afterRan = false;
    shutdown.add("listener", () => undefined);
    shutdown.add("drain", (signal) => {
      stuckSignal = signal;
      return new Promise(() => {});
    });
    shutdown.add("bus", () => {
      afterRan = true;
    });

    expect(await shutdown.run("SIGTERM")).toBe(1);
    expect(exits).toEqual([1]);
    expect(afterRan).toBe(false);
    expect(stuckSignal?.aborted).toBe(true);
    expect(health.isLive()).toBe(false);
    const timeout = log.records().find((r) => r.msg === "shutdown deadline exceeded; exiting");
    expect(timeout).toMatchObject({ code: "WW_SHUTDOWN_TIMEOUT", unfinished: ["drain", "bus"], graceMs: 50 });
  });

  it("refuses duplicate names and steps added after shutdown began; removed steps do not run", async () => {
    const { shutdown } = setup();
    let removedRan = false;
    const remove = shutdown.add("extra", () => {
      removedRan = true;
    });
    expect(() => shutdown.add("extra", () => undefined)).toThrow(
      expect.objectContaining({ code: "WW_SHUTDOWN_STEP_DUPLICATE" }),
    );
    remove();
    const running = shutdown.run("test");
    expect(() => shutdown.add("late", () => undefined)).toThrow(
      expect.objectContaining({ code: "WW_SHUTDOWN_IN_PROGRESS" }),
    );
    await running;
    expect(removedRan).toBe(false);
  });

  it("install() runs on the first signal and exits 1 at once on the second", async () => {
    const { shutdown, exits, log } = setup();
    const gate = deferred();
    shutdown.add("drain", () => gate.promise);
    const before = new Set(process.listeners("SIGTERM"));
    const beforeInt = process.listenerCount("SIGINT");
    const uninstall = shutdown.install();
    try {
      expect(process.listenerCount("SIGINT")).toBe(beforeInt + 1);
      const handler = process.listeners("SIGTERM").find((l) => !before.has(l));
      expect(handler).toBeDefined();

      handler?.("SIGTERM");
      expect(shutdown.started).toBe(true);
      expect(exits).toEqual([]);
      handler?.("SIGTERM");
      expect(exits).toEqual([1]);
      expect(log.records().find((r) => r.msg === "second signal during shutdown; exiting now")).toBeDefined();
      expect(log.records().find((r) => r.msg === "shutdown started")).toMatchObject({ reason: "SIGTERM" });
    } finally {
      uninstall();
      gate.resolve();
    }
    expect(process.listenerCount("SIGINT")).toBe(beforeInt);
    expect(await shutdown.run("done")).toBe(0);
  });
});
