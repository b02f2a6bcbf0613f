import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { promtool } from "./helpers.js";

const infra = (name: string) => fileURLToPath(new URL(`../../../infra/prometheus/${name}`, import.meta.url));

describe("infra/prometheus", () => {
  it("prometheus.yml passes promtool check config (with its rule file)", async () => {
    const { code, output } = await promtool(["check", "config", infra("prometheus.yml")]);
    expect(output).toContain("SUCCESS");
    expect(code).toBe(0);
  });

  it("wirewatch-rules.yml passes promtool check rules", async () => {
    const { code, output } = await promtool(["check", "rules", infra("wirewatch-rules.yml")]);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(code).toBe(0);
  });

  it("the alert rules fire on exporter-shaped series (promtool test rules)", async () => {
    const { code, output } = await promtool(["test", "rules", infra("wirewatch-rules.test.yml")]);
    expect(output).toContain("SUCCESS");
    expect(code).toBe(0);
  });

  it("the scrape job keeps the exporter's instance label", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(infra("prometheus.yml"), "utf8");
    expect(text).toMatch(/job_name: wirewatch\n\s+honor_labels: true/);
  });
});
