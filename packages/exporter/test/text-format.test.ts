import { describe, expect, it } from "vitest";
import { createFamilyBuilder } from "../src/family-builder.js";
import { escapeLabelValue, formatValue, renderLabels, sanitizeMetricName } from "../src/text-format.js";
import { promtool } from "./helpers.js";

describe("text format", () => {
  it("escapes backslash, quote and newline in label values", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(renderLabels({ mountpoint: '/mnt/my "disk"' })).toBe('{mountpoint="/mnt/my \\"disk\\""}');
    expect(renderLabels({})).toBe("");
  });

  it("makes metric names valid", () => {
    expect(sanitizeMetricName("input.L1-N.voltage")).toBe("input_L1_N_voltage");
    expect(sanitizeMetricName("1wire")).toBe("_1wire");
  });

  it("spells special values as Prometheus parses them", () => {
    expect([NaN, Infinity, -Infinity, 0.25, 1e21].map(formatValue)).toEqual([
      "NaN",
      "+Inf",
      "-Inf",
      "0.25",
      "1e+21",
    ]);
  });

  it("skips missing and non-finite samples, and promtool accepts odd label values", async () => {
    const b = createFamilyBuilder("host-1");
    b.add("node_filesystem_size_bytes", "gauge", "Size.", { mountpoint: 'C:\\ "x"\nnext' }, 10);
    b.add("node_filesystem_size_bytes", "gauge", "Size.", { mountpoint: "/gone" }, null);
    b.add("node_filesystem_size_bytes", "gauge", "Size.", { mountpoint: "/nan" }, Number.NaN);
    const [block] = b.blocks();
    expect(block?.text.split("\n").filter(Boolean)).toHaveLength(1);
    const text = `# HELP ${block?.name} ${block?.help}\n# TYPE ${block?.name} gauge\n${block?.text}`;
    expect(await promtool(["check", "metrics"], text)).toEqual({ code: 0, output: "" });
  });
});
