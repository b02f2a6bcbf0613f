// Debian's prometheus-node-exporter as an in-run peer (bench:collector, bench:exporter): our own
// instance on a free loopback port with its default collectors, never the system service.
import { spawn } from "node:child_process";
import { freePort } from "../../packages/testkit/dist/index.js";
import { sleep } from "./proc.mjs";

export const NODE_EXPORTER = "/usr/bin/prometheus-node-exporter";

/**
 * Starts `binary` on 127.0.0.1:<free port> and waits until /metrics answers (10 s at most).
 * Resolves with `{ child, pid, url, version }` (`url` is the /metrics URL, `version` the first
 * line of `--version`); `stop()` sends SIGTERM. Rejects with its stderr if it exits first.
 */
export async function startNodeExporter(binary = NODE_EXPORTER) {
  const port = await freePort("127.0.0.1");
  const child = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`node_exporter exited: ${stderr}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {}
    await sleep(100);
  }
  const version = await new Promise((resolve) => {
    const v = spawn(binary, ["--version"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    v.stdout.on("data", (c) => (out += c));
    v.stderr.on("data", (c) => (out += c));
    v.on("exit", () => resolve(out.split("\n")[0].trim()));
  });
  return { child, pid: child.pid, url, version, stop: () => child.kill("SIGTERM") };
}
