import { afterEach, describe, expect, it } from "vitest";
import { exporterOnBus, statsFixture } from "./helpers.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const stats = statsFixture();
let env: Awaited<ReturnType<typeof exporterOnBus>>;
afterEach(async () => env?.close());

/** The exporter's queue between the bus handler and the translation (see createExporter). */
describe("exporter event queue", () => {
  it("translates after the handler returns, and only the newest event of a host's source", async () => {
    const errors: unknown[] = [];
    env = await exporterOnBus({ onError: (err) => errors.push(err) });
    const broken = { ...stats, data: { counters: { cpu: 5 } } }; // would throw: cpu is not iterable
    const newer = structuredClone(stats);
    newer.data.load_average = [7.25, 7.25, 7.25];
    void env.bus.publish(broken);
    void env.bus.publish(newer);
    await Promise.resolve(); // the memory bus delivers in a microtask
    expect(env.exporter.snapshot().length).toBe(0);
    await nextTurn();
    expect(env.exporter.snapshot().readAll().toString()).toContain('node_load1{instance="nas1"} 7.25');
    expect(errors).toEqual([]);
  });

  it("reports an event that fails to translate and keeps the others", async () => {
    const errors: unknown[] = [];
    env = await exporterOnBus({ onError: (err) => errors.push(err) });
    await env.publish({ ...stats, host: "bad", data: { counters: { cpu: 5 } } });
    await env.publish(stats);
    expect(errors).toHaveLength(1);
    expect(env.exporter.hosts()).toEqual(["nas1"]);
  });

  it("works through a burst a slice at a time, the event loop running in between", async () => {
    env = await exporterOnBus({ translateSliceMs: 0 });
    for (let i = 0; i < 50; i++) void env.bus.publish({ ...stats, host: `burst-${i}` });
    await Promise.resolve();
    const hostsIn = () =>
      env.exporter
        .snapshot()
        .readAll()
        .toString()
        .match(/^node_load1\{/gm)?.length ?? 0;
    await nextTurn();
    const afterOneTurn = hostsIn();
    expect(afterOneTurn).toBeGreaterThan(0);
    expect(afterOneTurn).toBeLessThan(50);
    env.exporter.flush();
    expect(hostsIn()).toBe(50);
  });

  it("drops the queue on close()", async () => {
    env = await exporterOnBus();
    void env.bus.publish(stats);
    await Promise.resolve();
    env.exporter.close();
    await nextTurn();
    expect(env.exporter.render()).toBe("");
  });
});
