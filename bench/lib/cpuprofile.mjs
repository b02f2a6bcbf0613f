// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function, top first.
//   node bench/lib/cpuprofile.mjs FILE.cpuprofile [--top 25]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, table } from "./proc.mjs";

/**
 * Options: `fromMs`/`toMs` — only samples taken in [fromMs, toMs) of the monotonic clock
 * (`process.hrtime`, which V8's profile timestamps use too) count, e.g. a benchmark's
 * measurement window without the connection set-up before it; `busyOnly` — leave `(idle)` out,
 * so percentages are of the time the thread was busy.
 */
export function summarizeProfile(file, top = 25, options = {}) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  const fromUs = (options.fromMs ?? Number.NEGATIVE_INFINITY) * 1000;
  const toUs = (options.toMs ?? Number.POSITIVE_INFINITY) * 1000;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += deltas[i] ?? 0;
    if (at < fromUs || at >= toUs) continue;
    const id = profile.samples[i];
    if (options.busyOnly && byId.get(id).callFrame.functionName === "(idle)") continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFrame = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url
      ? `${url.replace(/^file:\/\//, "").replace(/.*\/(node_modules|packages|bench)\//, "$1/")}:${lineNumber + 1}`
      : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + us);
  }
  const rows = [...byFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total / 1000,
    rows: rows.map(([frame, us]) => ({ frame, ms: us / 1000, percent: (us / total) * 100 })),
  };
}

/**
 * A results-file section: `heading`, then the top `top` self-time frames of every .cpuprofile in
 * `dir` as a markdown table per file.
 */
export function profileSection(dir, heading, top = 15) {
  const parts = [heading, ""];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const { totalMs, rows } = summarizeProfile(join(dir, file), top);
    parts.push(`### ${file} (${fmt(totalMs, 0)} ms sampled)`, "");
    parts.push(
      table(
        ["self %", "self ms", "frame"],
        rows.map((r) => [fmt(r.percent, 1), fmt(r.ms, 1), `\`${r.frame}\``]),
      ),
      "",
    );
  }
  return parts.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const top = Number(process.argv[process.argv.indexOf("--top") + 1]) || 25;
  const { totalMs, rows } = summarizeProfile(file, top);
  console.log(`${file}: ${totalMs.toFixed(0)} ms sampled`);
  for (const r of rows)
    console.log(`${r.percent.toFixed(1).padStart(5)}%  ${r.ms.toFixed(1).padStart(8)} ms  ${r.frame}`);
}
