import { describe, expect, it } from "vitest";
import type { AlertState } from "../src/alert-state.js";
import { compileRule } from "../src/compile-rule.js";
import { evaluate, targetSeverity } from "../src/evaluate.js";
import type { Rule } from "../src/rule.js";

/**
 * The pure state machine, driven by tables: each step is `[seconds, value]` or `[seconds,
 * "stale"]`; the result is every transition as `kind:severity@seconds`. Time is the number in the
 * table — nothing sleeps.
 */
type Step = [number, number | "stale"];

const base: Rule = {
  name: "cpu",
  channel: "system.stats",
  field: "cpu_percent",
  op: ">",
  warning: 90,
  critical: 95,
};

function run(
  overrides: Partial<Rule>,
  steps: Step[],
): { transitions: string[]; state: AlertState | undefined } {
  const rule = compileRule({ ...base, ...overrides });
  let state: AlertState | undefined;
  const transitions: string[] = [];
  for (const [seconds, value] of steps) {
    const observation =
      value === "stale"
        ? { kind: "stale" as const, reason: "input stale" }
        : { kind: "sample" as const, value, labels: {} };
    const result = evaluate(rule, state, observation, { id: "a1", host: "nas1", key: null }, seconds * 1000);
    state = result.state;
    for (const t of result.transitions) transitions.push(`${t.kind}:${t.severity}@${seconds}`);
  }
  return { transitions, state };
}

describe("evaluate: one alert and one recovery for values oscillating around a threshold", () => {
  const oscillating: Step[] = [
    [0, 89],
    [10, 91],
    [20, 89.5],
    [30, 90.5],
    [40, 88],
    [50, 92],
    [60, 89],
    [70, 91],
    [80, 70],
    [90, 89.9],
    [100, 60],
  ];

  it.each([
    ["hysteresis (clear 80)", { clear: { warning: 80 } }, ["fired:warning@10", "resolved:warning@80"]],
    ["for 30 s: no pulse lasts long enough", { forMs: 30_000 }, []],
    ["cooldown 60 s", { cooldownMs: 60_000 }, ["fired:warning@10", "resolved:warning@20"]],
  ] as const)("%s", (_label, overrides, expected) => {
    expect(run(overrides as Partial<Rule>, oscillating).transitions).toEqual(expected);
  });

  it("without hysteresis, for or cooldown every crossing is a transition (what the other three prevent)", () => {
    expect(run({}, oscillating).transitions).toHaveLength(8);
  });
});

describe("evaluate: for, hysteresis, cooldown, re-notify", () => {
  it.each<[string, Partial<Rule>, Step[], string[]]>([
    [
      "for delays firing until the condition held that long",
      { forMs: 60_000 },
      [
        [0, 93],
        [30, 94],
        [59, 93],
        [60, 93],
        [70, 93],
      ],
      ["fired:warning@60"],
    ],
    [
      "for restarts when the condition breaks",
      { forMs: 60_000 },
      [
        [0, 93],
        [50, 80],
        [60, 93],
        [110, 93],
        [120, 93],
      ],
      ["fired:warning@120"],
    ],
    [
      "hysteresis holds the alert until the clear threshold",
      { clear: { warning: 85 } },
      [
        [0, 91],
        [10, 89],
        [20, 86],
        [30, 85.5],
        [40, 85],
      ],
      ["fired:warning@0", "resolved:warning@40"],
    ],
    [
      "cooldown keeps a recovered alert quiet, then fires if still true",
      { cooldownMs: 120_000 },
      [
        [0, 91],
        [10, 50],
        [20, 95.5],
        [60, 91],
        [129, 91],
        [130, 91],
      ],
      ["fired:warning@0", "resolved:warning@10", "fired:warning@130"],
    ],
    [
      "re-notify repeats a firing alert at the interval",
      { renotifyMs: 60_000 },
      [
        [0, 91],
        [30, 91],
        [60, 92],
        [90, 92],
        [120, 91],
        [130, 50],
      ],
      ["fired:warning@0", "renotified:warning@60", "renotified:warning@120", "resolved:warning@130"],
    ],
    [
      "severity escalation warning → critical → back → resolved",
      { clear: { warning: 85, critical: 92 } },
      [
        [0, 91],
        [10, 96],
        [20, 93],
        [30, 91],
        [40, 87],
        [50, 84],
      ],
      ["fired:warning@0", "escalated:critical@10", "deescalated:warning@30", "resolved:warning@50"],
    ],
    [
      "escalation waits out for; de-escalation does not",
      { forMs: 20_000 },
      [
        [0, 91],
        [20, 91],
        [30, 97],
        [40, 97],
        [50, 97],
        [60, 91],
      ],
      ["fired:warning@20", "escalated:critical@50", "deescalated:warning@60"],
    ],
    [
      "straight to critical when both are crossed",
      {},
      [
        [0, 99],
        [10, 10],
      ],
      ["fired:critical@0", "resolved:critical@10"],
    ],
    [
      "a pending alert fires at the severity current when for is over",
      { forMs: 20_000 },
      [
        [0, 97],
        [10, 92],
        [20, 92],
      ],
      ["fired:warning@20"],
    ],
    [
      "op < (low battery): warning 20, critical 10, clear 30",
      { op: "<", warning: 20, critical: 10, clear: { warning: 30 } },
      [
        [0, 50],
        [10, 19],
        [20, 9],
        [30, 15],
        [40, 25],
        [50, 31],
      ],
      ["fired:warning@10", "escalated:critical@20", "deescalated:warning@30", "resolved:warning@50"],
    ],
    [
      "a rule with only critical",
      { warning: undefined, critical: 95 },
      [
        [0, 94],
        [10, 96],
        [20, 94],
      ],
      ["fired:critical@10", "resolved:critical@20"],
    ],
  ])("%s", (_label, overrides, steps, expected) => {
    expect(run(overrides, steps).transitions).toEqual(expected);
  });
});

describe("evaluate: stale data is not good news", () => {
  it.each<[string, Partial<Rule>, Step[], string[]]>([
    [
      "firing → unknown on stale, then a fresh good sample → resolved",
      {},
      [
        [0, 93],
        [10, "stale"],
        [20, "stale"],
        [30, 40],
      ],
      ["fired:warning@0", "unknown:warning@10", "resolved:warning@30"],
    ],
    [
      "unknown → firing again when the fresh sample is still bad",
      {},
      [
        [0, 93],
        [10, "stale"],
        [30, 93],
        [40, 93],
      ],
      ["fired:warning@0", "unknown:warning@10", "returned:warning@30"],
    ],
    [
      "unknown returns at the milder severity when the value improved",
      { clear: { warning: 85 } },
      [
        [0, 97],
        [10, "stale"],
        [30, 88],
      ],
      ["fired:critical@0", "unknown:critical@10", "returned:warning@30"],
    ],
    [
      "unknown returns at the last severity and escalates through the usual path",
      {},
      [
        [0, 92],
        [10, "stale"],
        [30, 97],
      ],
      ["fired:warning@0", "unknown:warning@10", "returned:warning@30", "escalated:critical@30"],
    ],
    [
      "stale while pending drops the pending condition (no fire)",
      { forMs: 30_000 },
      [
        [0, 93],
        [20, "stale"],
        [30, 93],
        [50, 93],
        [60, 93],
      ],
      ["fired:warning@60"],
    ],
    [
      "stale with nothing firing is nothing",
      {},
      [
        [0, 50],
        [10, "stale"],
        [20, 50],
      ],
      [],
    ],
  ])("%s", (_label, overrides, steps, expected) => {
    expect(run(overrides, steps).transitions).toEqual(expected);
  });

  it("keeps the last value and the reason while unknown", () => {
    const { state } = run({}, [
      [0, 93],
      [10, "stale"],
    ]);
    expect(state).toMatchObject({
      phase: "unknown",
      severity: "warning",
      value: 93,
      unknownReason: "input stale",
    });
  });
});

describe("evaluate: what a transition carries", () => {
  it("value, threshold, how long the condition held and how long it fired", () => {
    const rule = compileRule({ ...base, forMs: 60_000 });
    let state: AlertState | undefined;
    const at = (seconds: number, value: number) => {
      const result = evaluate(
        rule,
        state,
        { kind: "sample", value, labels: {} },
        { id: "a", host: "h", key: null },
        seconds * 1000,
      );
      state = result.state;
      return result.transitions;
    };
    at(0, 93);
    expect(at(60, 93.1)).toEqual([
      expect.objectContaining({ kind: "fired", value: 93.1, threshold: 90, heldMs: 60_000, firingMs: 0 }),
    ]);
    expect(at(372, 41)).toEqual([
      expect.objectContaining({
        kind: "resolved",
        value: 41,
        threshold: 90,
        heldMs: 372_000,
        firingMs: 312_000,
      }),
    ]);
  });

  it("targetSeverity applies clear thresholds only to the severity firing", () => {
    const rule = compileRule({ ...base, clear: { warning: 80, critical: 90 } });
    expect(targetSeverity(rule, 85, null)).toBeNull();
    expect(targetSeverity(rule, 85, "warning")).toBe("warning");
    expect(targetSeverity(rule, 92, "critical")).toBe("critical");
    expect(targetSeverity(rule, 89, "critical")).toBe("warning");
    expect(targetSeverity(rule, 79, "critical")).toBeNull();
    expect(targetSeverity(rule, 95.01, null)).toBe("critical");
  });
});
