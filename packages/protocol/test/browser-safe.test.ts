import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = new URL("../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

describe("protocol is browser-safe", () => {
  it("imports nothing but zod and its own files", () => {
    const offenders: string[] = [];
    for (const f of files(srcDir)) {
      for (const m of readFileSync(f, "utf8").matchAll(/from\s+"([^"]+)"/g)) {
        const spec = m[1] ?? "";
        if (!spec.startsWith(".") && spec !== "zod") offenders.push(`${f}: ${spec}`);
      }
      if (/\b(process|Buffer|require)\b[.(]/.test(readFileSync(f, "utf8")))
        offenders.push(`${f}: Node global`);
    }
    expect(offenders).toEqual([]);
  });
});
