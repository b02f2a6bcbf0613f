import { execFile } from "node:child_process";
import { waitFor } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { startWirewatch } from "./helpers/start-process.js";

function promtoolCheck(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("promtool", ["check", "metrics"], (error, stdout, stderr) => {
      // Exit 3 = lint findings only: node_exporter's CamelCase node_memory_* names and
      // prom-client's nodejs_*_total gauges have them in their own exporters too.
      if (error && error.code !== 3) reject(new Error(`promtool: ${stdout}${stderr}`, { cause: error }));
      else resolve(`${stdout}${stderr}`);
    });
    child.stdin?.end(text);
  });
}

describe("wirewatch start /metrics", () => {
  it("serves the host's node_* series and wirewatch_* in one valid scrape, or one host with ?target", async () => {
    const ww = await startWirewatch([], { WIREWATCH_COLLECTOR__HOSTNAME: "testhost" });
    try {
      const base = `http://127.0.0.1:${ww.port}/metrics`;
      const text = await waitFor(
        async () => {
          const body = await (await fetch(base)).text();
          return body.includes('node_filesystem_size_bytes{instance="testhost"') ? body : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200, description: "host and storage series on /metrics" },
      );
      expect(text).toMatch(/^node_load1\{instance="testhost"\} \d/m);
      expect(text).toMatch(/^node_cpu_seconds_total\{instance="testhost",cpu="0",mode="idle"\} \d/m);
      expect(text).toMatch(/^node_uname_info\{instance="testhost",.*nodename="testhost"/m);
      expect(text).toMatch(/^wirewatch_build_info\{/m);
      const lint = await promtoolCheck(text);
      const foreign = /^(node_memory_\w+ metric names should|nodejs_\w+ non-counter metrics)/;
      expect(lint.split("\n").filter((l) => l.trim() && !foreign.test(l))).toEqual([]);

      const one = await fetch(`${base}?target=testhost`);
      expect(one.headers.get("content-type")).toContain("version=0.0.4");
      const body = await one.text();
      expect(body).toMatch(/^node_load1 \d/m);
      expect(body).not.toContain("wirewatch_build_info");
    } finally {
      await ww.stop();
    }
  });
});
