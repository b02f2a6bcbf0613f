import { CHANNELS, checkPayload } from "@wirewatch/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Accumulator, Collector, EmitOptions, GatherTask } from "../../src/collector.js";
import { CollectorError } from "../../src/errors.js";
import { inputsConfigSchema } from "../../src/inputs/config-schemas.js";
import { BUILTIN_INPUTS } from "../../src/inputs/list.js";
import type { InputContext } from "../../src/registry.js";
import { gatherTasksOf } from "../../src/scheduler.js";
import { testInputContext } from "../helpers/input-context.js";
import type { Stall } from "../helpers/stall.js";

/** One input under test, made afresh for each test, over recorded data. */
export interface InputHarness {
  /** The input, built by its definition's code with this harness's source of data. */
  input: Collector;
  /** Makes the harness's I/O hang from now on (a hung mount, a silent server). */
  io: Stall;
  /** Connections or handles the input still holds in this harness, where the harness can count. */
  open?(): number;
  /** Releases what the harness set up (temporary files); the suite closes the input itself. */
  teardown(): Promise<void>;
}

export type MakeInput = (ctx: InputContext) => Promise<InputHarness>;

interface Emitted {
  channel: string;
  data: unknown;
  options: EmitOptions | undefined;
}

/** An accumulator that keeps everything: no validation, so the suite sees what the input emits. */
function recordingAccumulator(host: string): Accumulator & { emitted: Emitted[]; errors: unknown[] } {
  const emitted: Emitted[] = [];
  const errors: unknown[] = [];
  return {
    host,
    emitted,
    errors,
    emit: (channel, data, options) => void emitted.push({ channel, data, options }),
    error: (err) => void errors.push(err),
  };
}

const REGISTERED = new Set(CHANNELS.map((channel) => channel.name));

/**
 * The input contract (docs/architecture.md §7, `Collector`): every input runs this suite, each
 * with a harness over recorded data, as every Bus engine runs the Bus contract.
 */
export function runInputContract(name: string, makeInput: MakeInput): void {
  describe(`Input contract: ${name}`, () => {
    const ctx = testInputContext();
    let harness: InputHarness;
    const schedules = (): GatherTask[] => gatherTasksOf(harness.input).map(({ task }) => task);

    beforeEach(async () => {
      harness = await makeInput(ctx);
    });
    afterEach(async () => {
      await harness.input.close();
      await harness.teardown();
    });

    it("is listed, an empty config parses, and its definition creates it from that config", async () => {
      const entry = BUILTIN_INPUTS.find((input) => input.name === name);
      expect(entry, `${name} in src/inputs/list.ts`).toBeDefined();
      const config = entry?.configSchema.parse({});
      expect((inputsConfigSchema.parse({}) as Record<string, unknown>)[name]).toEqual(config);
      const definition = await entry?.definition();
      expect(definition?.configSchema).toBe(entry?.configSchema);
      const created = definition?.create(config as never, ctx);
      expect(created?.name).toBe(name);
      await created?.close();
      expect(harness.input.name).toBe(name);
      const names = gatherTasksOf(harness.input).map((schedule) => schedule.input);
      expect(new Set(names).size).toBe(names.length);
      expect(names.length + (harness.input.start ? 1 : 0)).toBeGreaterThan(0);
    });

    it("emits only registered channels, each payload passing its channel's schema", async () => {
      const acc = recordingAccumulator(ctx.host);
      for (const task of schedules()) await task.gather(acc, new AbortController().signal);
      if (harness.input.start) await startUntilFirstEmit(harness.input, acc);
      expect(acc.errors).toEqual([]);
      expect(acc.emitted.length).toBeGreaterThan(0);
      for (const { channel, data } of acc.emitted) {
        expect(REGISTERED.has(channel), `${channel} is a registered channel`).toBe(true);
        expect(checkPayload(channel, data), channel).toEqual({ ok: true });
      }
    });

    it("honours an aborted signal: the gather or stream settles and emits no sample", async () => {
      const reason = new CollectorError("WW_COLLECTOR_TIMEOUT", "deadline passed");
      for (const task of schedules()) {
        const acc = recordingAccumulator(ctx.host);
        const aborted = new AbortController();
        aborted.abort(reason);
        await expect(task.gather(acc, aborted.signal), `${task.name}, aborted before`).rejects.toBeDefined();
        expect(acc.emitted.filter((e) => e.channel !== "collector.status")).toEqual([]);
      }
      harness.io.stall();
      for (const task of schedules()) {
        const acc = recordingAccumulator(ctx.host);
        const controller = new AbortController();
        const before = harness.io.count();
        const running = task.gather(acc, controller.signal);
        await harness.io.stalled(before + 1);
        controller.abort(reason);
        await expect(running, `${task.name}, aborted while waiting on I/O`).rejects.toBeDefined();
        expect(acc.emitted.filter((e) => e.channel !== "collector.status")).toEqual([]);
      }
      if (harness.input.start) {
        const controller = new AbortController();
        const before = harness.io.count();
        const running = harness.input.start(recordingAccumulator(ctx.host), controller.signal);
        await harness.io.stalled(before + 1);
        controller.abort(reason);
        await running.catch(() => {});
      }
    });

    it("can be closed twice, and twice at once, releasing what it holds", async () => {
      const acc = recordingAccumulator(ctx.host);
      for (const task of schedules()) await task.gather(acc, new AbortController().signal);
      await Promise.all([harness.input.close(), harness.input.close()]);
      await harness.input.close();
      if (harness.open) expect(harness.open()).toBe(0);
    });
  });
}

/** Runs a stream until its first event, then stops it. */
async function startUntilFirstEmit(
  input: Collector,
  acc: Accumulator & { emitted: Emitted[] },
): Promise<void> {
  const controller = new AbortController();
  const first = new Promise<void>((resolve) => {
    const emit = acc.emit.bind(acc);
    acc.emit = (channel, data, options) => {
      emit(channel, data, options);
      resolve();
    };
  });
  const running = input.start?.(acc, controller.signal).catch(() => {});
  await first;
  controller.abort();
  await running;
}
