import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Collector } from "../src/collector.js";
import {
  expectStep,
  listScenarios,
  loadScenario,
  type MakeRig,
  replayScenario,
  testcasesDir,
} from "./helpers/testcases.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A package folder holding `src/inputs/demo/testcases/<name>/` with the given files. */
function scenarioDir(name: string, files: Record<string, string>): { packageDir: string; scenario: string } {
  dir = mkdtempSync(join(tmpdir(), "wirewatch-testcases-"));
  const scenario = join(testcasesDir("demo", dir), name);
  mkdirSync(scenario, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(scenario, file), text);
  return { packageDir: dir, scenario };
}

/** The demo input: one schedule emitting `recorded.value` on custom.demo, from a folder `secret`. */
const demoRig: MakeRig = async (scenario) => {
  const input: Collector = {
    name: "demo",
    tasks: [
      {
        name: "main",
        intervalMs: 1000,
        gather: async (acc) =>
          acc.emit("custom.demo", { ...(scenario.recorded as object), at: "/tmp/secret/x" }),
      },
    ],
    close: async () => {},
  };
  return { input, placeholders: { "/tmp/secret": "<root>" }, teardown: async () => {} };
};

const files = (expected: unknown) => ({
  "config.json": "{}",
  "recorded.json": JSON.stringify({ value: 7 }),
  "expected.json": JSON.stringify(expected),
});

describe("the test-case runner (test/helpers/testcases.ts)", () => {
  it("replays a scenario through the scheduler, with per-run text replaced by its placeholder", async () => {
    const { scenario } = scenarioDir("ok", files([{ run: "demo", events: [] }]));
    const [events] = await replayScenario(loadScenario("demo", scenario), demoRig);
    expect(events?.map((e) => [e.channel, e.host, e.data])).toEqual([
      ["custom.demo", "nas1", { value: 7, at: "<root>/x" }],
      ["collector.status", "nas1", expect.objectContaining({ input: "demo.main", state: "ok" })],
    ]);
  });

  it("fails a mismatch with a diff naming the scenario, its expected.json and the step", async () => {
    const expected = [{ channel: "custom.demo", host: "nas1", data: { value: 8 } }];
    const { scenario } = scenarioDir("drift", files([{ run: "demo", events: expected }]));
    const loaded = loadScenario("demo", scenario);
    const [events = []] = await replayScenario(loaded, demoRig);
    let failure: { message: string; expected?: unknown; actual?: unknown } | undefined;
    try {
      expectStep(loaded, 0, events);
    } catch (err) {
      failure = err as typeof failure;
    }
    expect(failure?.message).toMatch(/^demo\/drift\/expected\.json, step 1 \(run demo\): expected/);
    expect(failure?.expected).toEqual(expected);
    expect(failure?.actual).toEqual(events);
  });

  it("fails a scenario with a missing or broken file, naming the scenario and the file", () => {
    const { scenario } = scenarioDir("partial", { "config.json": "{}", "expected.json": "[]" });
    expect(() => loadScenario("demo", scenario)).toThrow(
      `testcase demo/partial: recorded.json is missing (${join(scenario, "recorded.json")})`,
    );
    writeFileSync(join(scenario, "recorded.json"), "{ value: 7 }");
    expect(() => loadScenario("demo", scenario)).toThrow(
      /^testcase demo\/partial: recorded.json is not JSON: /,
    );
    writeFileSync(join(scenario, "recorded.json"), "{}");
    writeFileSync(join(scenario, "expected.json"), JSON.stringify({ events: [] }));
    expect(() => loadScenario("demo", scenario)).toThrow(
      /^testcase demo\/partial: expected.json must be a list/,
    );
  });

  it("fails an input without test cases", () => {
    dir = mkdtempSync(join(tmpdir(), "wirewatch-testcases-"));
    expect(() => listScenarios("demo", dir)).toThrow(
      `no testcases for the demo input (${testcasesDir("demo", dir)})`,
    );
  });
});
