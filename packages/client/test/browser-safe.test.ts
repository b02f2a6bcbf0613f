import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = new URL("../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

describe("client is browser-safe", () => {
  it("imports only protocol, its own files and zod's types; uses no Node globals", () => {
    const offenders: string[] = [];
    for (const f of files(srcDir)) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)) {
        const spec = m[2] ?? "";
        const typeOnly = m[1] !== undefined;
        if (spec.startsWith(".") || spec === "@wirewatch/protocol" || (spec === "zod" && typeOnly)) continue;
        offenders.push(`${f}: ${spec}`);
      }
      if (/\b(process|Buffer|require|setImmediate)\b[.(]/.test(text)) offenders.push(`${f}: Node global`);
    }
    expect(offenders).toEqual([]);
  });
});
