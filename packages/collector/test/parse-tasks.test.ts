import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { describeInput } from "../src/describe-input.js";
import { createInlineRunner } from "../src/inline-runner.js";
import { runParseTask } from "../src/parse-tasks.js";
import parseWorker from "../src/workers/parse-worker.js";

describe("parse task dispatch", () => {
  it("runs a parser by name and returns plain data", () => {
    const outcome = runParseTask("parseLoadavg", readTestdata("proc/node_exporter/loadavg"));
    expect(outcome).toEqual({ ok: true, value: { load: [0.21, 0.37, 0.39], runnable: 1, entities: 719 } });
    expect(parseWorker({ name: "parseLoadavg", input: "1 2 3" })).toMatchObject({ ok: true });
  });

  it("encodes failures with their code and file instead of throwing", () => {
    expect(runParseTask("nope", {})).toEqual({
      ok: false,
      error: { code: "WW_COLLECTOR_UNKNOWN_TASK", message: "no parse task named 'nope'" },
    });
    const outcome = runParseTask("host.storage", {
      mdstat: { path: "/proc/mdstat", text: "garbage" },
      mounts: { path: "/proc/1/mounts", text: "" },
      mdSysfs: {},
    });
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: "WW_COLLECTOR_PARSE",
        message: "/proc/mdstat: not an mdstat file: no 'Personalities' line first",
        file: "/proc/mdstat",
      },
    });
  });

  it("the in-process runner rethrows outcomes as CollectorErrors", async () => {
    const runner = createInlineRunner();
    await expect(runner.runTask("parseMdstat", "x")).rejects.toMatchObject({ code: "WW_COLLECTOR_PARSE" });
    await expect(runner.runTask("parseUptime", "12.5 3.0")).resolves.toEqual({ uptime: 12.5, idle: 3 });
    expect(runner.snapshot()).toMatchObject({ running: 0, queued: 0, completed: 2, failed: 1 });
    await runner.close();
    await expect(runner.runTask("parseUptime", "1 1")).rejects.toMatchObject({ code: "WW_COLLECTOR_POOL" });
  });

  it("summarises inputs by file names and sizes, never contents", () => {
    expect(describeInput({ stat: { path: "/proc/stat", text: "x".repeat(2048) }, net: null })).toBe(
      "1 file, 2.0 KiB: /proc/stat",
    );
    const many = { processes: [1, 2, 3, 4, 5].map((pid) => ({ pid, path: `/proc/${pid}`, stat: "abc" })) };
    expect(describeInput(many)).toBe("5 files, 15 B: /proc/1, /proc/2, /proc/3 +2 more");
    expect(describeInput("abc")).toBe("3 B of text");
  });
});
