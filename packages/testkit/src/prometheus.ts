import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { type RunningService, spawnService } from "./spawn-service.js";

const HOST = "127.0.0.1";
const INSTALL_HINT = "install Debian's prometheus (apt-get install --no-install-recommends prometheus)";

/** Options for {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** The prometheus.yml text; its `scrape_configs` point at the servers under test. */
  config: string;
  /** Rule files to write beside the config, name → YAML (reference them as `rule_files: [name]`). */
  ruleFiles?: Readonly<Record<string, string>>;
  /** The server binary (default `/usr/bin/prometheus`, else `prometheus` on PATH). */
  binary?: string;
  readyTimeoutMs?: number;
}

/** One element of an instant-query vector. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus server owned by one test: loopback only, TSDB in its own temp dir. */
export interface PrometheusServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Runs an instant query (`/api/v1/query`) and returns the vector; rejects on API errors. */
  query(expr: string): Promise<PromSample[]>;
  /** Health of every scrape target (`/api/v1/targets`): `{ scrapeUrl, health, lastError }`. */
  targets(): Promise<{ scrapeUrl: string; health: string; lastError: string }[]>;
  /** Stops the server and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function api<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`prometheus ${url}: ${body.error ?? res.status}`);
  return body.data;
}

/**
 * Starts a private `prometheus` on a free loopback port with the given config and waits for
 * `/-/ready`.
 *
 * Contract: never touches a Prometheus it did not start; config, rules and TSDB live in a fresh
 * temp dir removed on stop; a missing binary fails with "install Debian's prometheus". Scrape
 * intervals come from the config (use 1s in tests); nothing here waits for a scrape.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-prometheus-"));
  const configPath = join(dir, "prometheus.yml");
  await writeFile(configPath, options.config);
  for (const [name, text] of Object.entries(options.ruleFiles ?? {})) await writeFile(join(dir, name), text);
  const port = await freePort(HOST);
  const url = `http://${HOST}:${port}`;
  let service: RunningService;
  try {
    service = await spawnService({
      name: "prometheus",
      command: options.binary ?? "/usr/bin/prometheus",
      args: [
        `--config.file=${configPath}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=${HOST}:${port}`,
        "--log.level=warn",
      ],
      cwd: dir,
      installHint: INSTALL_HINT,
      isReady: () => isReady(url),
      readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    port,
    url,
    async query(expr) {
      const data = await api<{ resultType: string; result: PromSample[] }>(
        `${url}/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      return data.result;
    },
    async targets() {
      const data = await api<{ activeTargets: { scrapeUrl: string; health: string; lastError: string }[] }>(
        `${url}/api/v1/targets`,
      );
      return data.activeTargets.map(({ scrapeUrl, health, lastError }) => ({ scrapeUrl, health, lastError }));
    },
    stop() {
      stopped ??= service.stop().finally(() => rm(dir, { recursive: true, force: true }));
      return stopped;
    },
  };
}

/**
 * A prometheus.yml scraping `target` (`host:port`, path /metrics) every second as job
 * `wirewatch` with `honor_labels: true`, as infra/prometheus/prometheus.yml configures it.
 */
export function scrapeEverySecondConfig(target: string): string {
  return [
    "global: { scrape_interval: 1s, evaluation_interval: 1s }",
    "scrape_configs:",
    "  - job_name: wirewatch",
    "    honor_labels: true",
    `    static_configs: [{ targets: ["${target}"] }]`,
    "",
  ].join("\n");
}
