import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DraftEvent } from "@wirewatch/protocol";
import { silentLogger } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import type { Collector } from "../../src/collector.js";
import type { InputContext } from "../../src/registry.js";
import { createScheduler } from "../../src/scheduler.js";
import { testInputContext } from "./input-context.js";
import { createRecordingPublisher } from "./recording-publisher.js";

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Set to rewrite each scenario's expected.json from what the input publishes now (review the diff). */
const UPDATE = process.env.UPDATE_TESTCASES === "1";

/** One run of the scenario: the schedules `runNow(run)` runs (`host.stats`, `ups`), what they publish. */
export interface Step {
  run: string;
  events: DraftEvent[];
}

/**
 * A Telegraf-style test case: `src/inputs/<input>/testcases/<name>/` holding `config.json` (the
 * input's options, as `collector.inputs.<input>`), `recorded.json` (what it reads: recordings
 * under testdata/, in a shape each input's rig defines) and `expected.json` (the steps and the
 * events each publishes, `collector.status` included).
 */
export interface Scenario {
  input: string;
  name: string;
  dir: string;
  config: Record<string, unknown>;
  recorded: unknown;
  steps: Step[];
}

/** The input of a scenario, built over its recorded data. */
export interface ScenarioRig {
  input: Collector;
  /** Text in published events that differs per run (a temporary directory) → what expected.json says. */
  placeholders?: Record<string, string>;
  teardown(): Promise<void>;
}

export type MakeRig = (scenario: Scenario, ctx: InputContext) => Promise<ScenarioRig>;

export const testcasesDir = (input: string, packageDir = PACKAGE): string =>
  join(packageDir, "src/inputs", input, "testcases");

function readJson(scenario: string, dir: string, file: string): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`testcase ${scenario}: ${file} is missing (${path})`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`testcase ${scenario}: ${file} is not JSON: ${(err as Error).message}`);
  }
}

/** Reads one scenario's files; a missing or unreadable one fails, naming the scenario and the file. */
export function loadScenario(input: string, dir: string): Scenario {
  const name = `${input}/${basename(dir)}`;
  const steps =
    UPDATE && !existsSync(join(dir, "expected.json"))
      ? [{ run: input, events: [] }]
      : readJson(name, dir, "expected.json");
  if (
    !Array.isArray(steps) ||
    steps.some((step) => typeof step?.run !== "string" || !Array.isArray(step.events))
  )
    throw new Error(
      `testcase ${name}: expected.json must be a list of { "run": "<schedule>", "events": [...] }`,
    );
  return {
    input,
    name,
    dir,
    config: readJson(name, dir, "config.json") as Record<string, unknown>,
    recorded: readJson(name, dir, "recorded.json"),
    steps,
  };
}

/** The folders of an input's scenarios; an input without any fails. */
export function scenarioDirs(input: string, packageDir = PACKAGE): string[] {
  const root = testcasesDir(input, packageDir);
  if (!existsSync(root)) throw new Error(`no testcases for the ${input} input (${root})`);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name));
}

/** Every scenario of an input, by folder name. */
export function listScenarios(input: string, packageDir = PACKAGE): Scenario[] {
  return scenarioDirs(input, packageDir).map((dir) => loadScenario(input, dir));
}

/**
 * Replays a scenario: its input over the recorded data, through a scheduler on a hand-driven
 * clock with the inline runner; each step runs its schedules once. Returns each step's events as
 * JSON would hold them, per-run text replaced by its placeholder.
 */
export async function replayScenario(scenario: Scenario, makeRig: MakeRig): Promise<DraftEvent[][]> {
  const ctx = testInputContext();
  const publisher = createRecordingPublisher();
  const scheduler = createScheduler({ publisher, clock: ctx.clock, host: ctx.host, logger: silentLogger });
  const rig = await makeRig(scenario, ctx);
  try {
    scheduler.add(rig.input);
    const out: DraftEvent[][] = [];
    for (const step of scenario.steps) {
      await scheduler.runNow(step.run);
      let text = JSON.stringify(publisher.events.splice(0));
      for (const [actual, placeholder] of Object.entries(rig.placeholders ?? {}))
        text = text.replaceAll(actual, placeholder);
      out.push(JSON.parse(text));
    }
    return out;
  } finally {
    await scheduler.stop();
    await rig.teardown();
  }
}

/** Fails with a diff naming the scenario, its expected.json and the step when the events differ. */
export function expectStep(scenario: Scenario, index: number, actual: DraftEvent[]): void {
  const step = scenario.steps[index] as Step;
  expect(actual, `${scenario.name}/expected.json, step ${index + 1} (run ${step.run})`).toEqual(step.events);
}

/** One test per scenario of `input` (src/inputs/<input>/testcases/*). */
export function runTestcases(input: string, makeRig: MakeRig): void {
  describe(`${input} testcases (src/inputs/${input}/testcases)`, () => {
    for (const dir of scenarioDirs(input)) {
      it(`${input}/${basename(dir)}`, async () => {
        const scenario = loadScenario(input, dir);
        const actual = await replayScenario(scenario, makeRig);
        if (UPDATE) {
          const steps = scenario.steps.map((step, i) => ({ run: step.run, events: actual[i] }));
          writeFileSync(join(scenario.dir, "expected.json"), `${JSON.stringify(steps, null, 2)}\n`);
          return;
        }
        for (const [i] of scenario.steps.entries()) expectStep(scenario, i, actual[i] ?? []);
      });
    }
  });
}
