import { getChannelSpec } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { SubscriptionTable } from "../../src/subscription/subscriptions.js";

const spec = getChannelSpec("system.stats")!;

describe("subscription table", () => {
  it("groups references by base and filters by host", () => {
    const t = new SubscriptionTable();
    expect(t.add("system.stats@nas1", { name: "system.stats", host: "nas1" }, spec)).toBe(true);
    expect(t.add("system.stats@nas2", { name: "system.stats", host: "nas2" }, spec)).toBe(false);
    expect(t.matches("system.stats", "nas1")).toBe(true);
    expect(t.matches("system.stats", "nas3")).toBe(false);
    expect(t.add("system.stats", { name: "system.stats" }, spec)).toBe(false);
    expect(t.matches("system.stats", "nas3")).toBe(true);
    expect(t.list()).toEqual(["system.stats@nas1", "system.stats@nas2", "system.stats"]);
    expect(t.bases()).toEqual(["system.stats"]);
  });

  it("is idempotent and reports when a base empties", () => {
    const t = new SubscriptionTable();
    t.add("system.stats", { name: "system.stats" }, spec);
    expect(t.add("system.stats", { name: "system.stats" }, spec)).toBe(false);
    expect(t.size).toBe(1);
    t.add("system.stats@a", { name: "system.stats", host: "a" }, spec);
    expect(t.remove("system.stats", "system.stats")).toBe(false);
    expect(t.matches("system.stats", "b")).toBe(false);
    expect(t.remove("system.stats@a", "system.stats")).toBe(true);
    expect(t.remove("system.stats@a", "system.stats")).toBe(false);
    expect(t.size).toBe(0);
    expect(t.matches("system.stats", "a")).toBe(false);
  });
});
