import { describe, expect, it } from "vitest";
import { backgroundClock, errorText, silentLogger, systemClock } from "../src/index.js";

describe("the shared clock, logger and errorText", () => {
  it("systemClock's timers keep the process alive; backgroundClock's do not, on purpose", async () => {
    const fired: string[] = [];
    const kept = systemClock.setTimeout(() => fired.push("system"), 1) as NodeJS.Timeout;
    const background = backgroundClock.setTimeout(() => fired.push("background"), 1) as NodeJS.Timeout;
    expect(kept.hasRef()).toBe(true);
    expect(background.hasRef()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired.sort()).toEqual(["background", "system"]);
    const cancelled = backgroundClock.setTimeout(() => fired.push("cancelled"), 1);
    backgroundClock.clearTimeout(cancelled);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).not.toContain("cancelled");
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
  });

  it("errorText gives one line for anything thrown, and never throws", () => {
    expect(errorText(new Error("disk gone"))).toBe("disk gone");
    expect(errorText(new RangeError(""))).toBe("RangeError");
    expect(errorText("plain")).toBe("plain");
    expect(errorText({ code: 7 })).toBe('{"code":7}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorText(cyclic)).toBe("[object Object]");
    expect(errorText(undefined)).toBe("undefined");
  });

  it("silentLogger takes pino's call shape and drops everything", () => {
    expect(() => silentLogger.error({ err: "x" }, "msg")).not.toThrow();
  });
});
