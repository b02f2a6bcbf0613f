import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readTestdata, TESTDATA_DIR, testdataPath } from "../src/testdata.js";

describe("testdata", () => {
  it("resolves a recording inside the repository's testdata/ with its provenance file beside it", () => {
    expect(existsSync(`${TESTDATA_DIR}SOURCES.md`)).toBe(true);
    expect(testdataPath("proc/node_exporter/loadavg")).toBe(`${TESTDATA_DIR}proc/node_exporter/loadavg`);
    expect(readTestdata("proc/node_exporter/loadavg")).toMatch(/^\d+\.\d+ \d+\.\d+ \d+\.\d+ /);
  });

  it("fails naming the missing file instead of skipping", () => {
    expect(() => testdataPath("proc/nowhere/mdstat")).toThrow(
      `recorded test data ${TESTDATA_DIR}proc/nowhere/mdstat is missing`,
    );
  });

  it("every recording has a provenance row in SOURCES.md", () => {
    const sources = readTestdata("SOURCES.md");
    const files = readdirSync(TESTDATA_DIR, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(TESTDATA_DIR, join(entry.parentPath, entry.name)))
      .filter((file) => file !== "SOURCES.md");
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(sources, file).toContain(`| \`${file}\` |`);
  });
});
