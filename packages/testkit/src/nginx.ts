import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";
import { type RunningService, spawnService } from "./spawn-service.js";

const HOST = "127.0.0.1";
const INSTALL_HINT = "install Debian's nginx (apt-get install nginx-light, or nginx)";

/** The http-context snippet users deploy too (infra/nginx/), with `${WIREWATCH_*}` placeholders. */
export const NGINX_TEMPLATE = fileURLToPath(
  new URL("../../../infra/nginx/wirewatch.conf.template", import.meta.url),
);

/** Options for {@link startNginx}. */
export interface StartNginxOptions {
  /** Gateway replicas as `HOST:PORT`, load-balanced round robin. */
  upstreams: readonly string[];
  /** Loopback port nginx listens on; default a free one. */
  port?: number;
  /** The nginx binary (default `nginx` on PATH, else /usr/sbin/nginx, outside most users' PATH). */
  binary?: string;
  /** The snippet to render (default {@link NGINX_TEMPLATE}). */
  template?: string;
  /**
   * Test-only: every response carries `X-Wirewatch-Upstream: $upstream_addr` (the replicas tried,
   * the last one answered), added by the private main config, never by the shipped snippet,
   * which must not expose internal addresses. Default false.
   */
  upstreamHeader?: boolean;
  readyTimeoutMs?: number;
}

/** An nginx owned by one test (or `pnpm cluster`): loopback only, every file in its temp prefix. */
export interface NginxServer {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `ws://127.0.0.1:PORT` */
  readonly wsUrl: string;
  /** The temp prefix holding nginx.conf, wirewatch.conf, the logs, the pid file and temp paths. */
  readonly prefix: string;
  running(): boolean;
  /** The snippet's access log (its masked format), as written so far; WebSockets are logged when they end. */
  accessLog(): Promise<string>;
  errorLog(): Promise<string>;
  /** Fast shutdown (SIGTERM: open WebSockets are cut), then the prefix is removed. */
  stop(): Promise<void>;
}

/** A `${NAME}` placeholder of the template. */
const slot = (name: string) => `\${${name}}`;

/** Where the snippet writes its logs as shipped: the distribution's (and official image's) defaults. */
const SHIPPED_LOG_DIR = "/var/log/nginx/";

/**
 * Renders the snippet's placeholders: the listen address and one `server` line per upstream.
 * With `logDir`, the snippet's own `access_log`/`error_log` files (shipped under /var/log/nginx/)
 * are written there instead, under the same names and levels.
 */
export function renderNginxSnippet(
  template: string,
  listen: string,
  upstreams: readonly string[],
  logDir?: string,
): string {
  if (upstreams.length === 0) throw new Error("startNginx: at least one upstream is needed");
  const servers = upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=5s;`).join(" ");
  const rendered = template
    .replaceAll(slot("WIREWATCH_LISTEN"), listen)
    .replaceAll(slot("WIREWATCH_UPSTREAM_SERVERS"), servers);
  return logDir === undefined ? rendered : rendered.replaceAll(SHIPPED_LOG_DIR, `${logDir}/`);
}

/**
 * The main config around the snippet: one worker, logs and every temp path inside `prefix`.
 * `upstreamHeader` adds the test-only `X-Wirewatch-Upstream` response header at http level
 * (inherited by the snippet's location, which sets no header of its own).
 */
export function nginxMainConfig(prefix: string, options: { upstreamHeader?: boolean } = {}): string {
  const at = (name: string) => join(prefix, name);
  return [
    "worker_processes 1;",
    `error_log ${at("error.log")} warn;`,
    "events { worker_connections 4096; }",
    "http {",
    `  access_log ${at("access.log")};`,
    ...(options.upstreamHeader ? ["  add_header X-Wirewatch-Upstream $upstream_addr always;"] : []),
    `  client_body_temp_path ${at("client_body_temp")};`,
    `  proxy_temp_path ${at("proxy_temp")};`,
    `  fastcgi_temp_path ${at("fastcgi_temp")};`,
    `  uwsgi_temp_path ${at("uwsgi_temp")};`,
    `  scgi_temp_path ${at("scgi_temp")};`,
    `  include ${at("wirewatch.conf")};`,
    "}",
    "",
  ].join("\n");
}

function nginxBinary(): string {
  const onPath = (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, "nginx")));
  return !onPath && existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
  });
}

/**
 * Starts a private nginx in front of gateway replicas: `nginx -c <prefix>/nginx.conf -p <prefix>
 * -e <prefix>/error.log -g 'daemon off; pid <prefix>/nginx.pid;'`, never the system service and
 * never a file outside its temp prefix. Resolves once it accepts connections on 127.0.0.1.
 *
 * Contract: the rendered snippet is infra/nginx's template (WebSocket upgrade headers,
 * X-Forwarded-For, round robin with `proxy_next_upstream error timeout http_502 http_503`, long
 * read timeouts, an access log with token values masked, error log at crit), its log files moved
 * into the prefix (`access.log`, `error.log`); `X-Wirewatch-Upstream` only with `upstreamHeader`
 * (test-only, from the main config). When no port was asked
 * for and the chosen one is taken meanwhile, it retries with another. A missing binary fails with
 * the install hint.
 */
export async function startNginx(options: StartNginxOptions): Promise<NginxServer> {
  const template = await readFile(options.template ?? NGINX_TEMPLATE, "utf8");
  let port = options.port ?? (await freePort(HOST));
  for (let attempt = 1; ; attempt++) {
    const prefix = await mkdtemp(join(tmpdir(), "wirewatch-nginx-"));
    // Workers drop root to nobody: they must be able to reach the prefix.
    await chmod(prefix, 0o755);
    await writeFile(
      join(prefix, "wirewatch.conf"),
      renderNginxSnippet(template, `${HOST}:${port}`, options.upstreams, prefix),
    );
    await writeFile(
      join(prefix, "nginx.conf"),
      nginxMainConfig(prefix, { upstreamHeader: options.upstreamHeader ?? false }),
    );
    let service: RunningService;
    try {
      service = await spawnService({
        name: "nginx",
        command: options.binary ?? nginxBinary(),
        args: [
          ...["-c", join(prefix, "nginx.conf"), "-p", `${prefix}/`, "-e", join(prefix, "error.log")],
          ...["-g", `daemon off; pid ${join(prefix, "nginx.pid")};`],
        ],
        installHint: INSTALL_HINT,
        isReady: () => acceptsConnections(port),
        readyTimeoutMs: options.readyTimeoutMs,
      });
    } catch (error) {
      const log = await readFile(join(prefix, "error.log"), "utf8").catch(() => "");
      await rm(prefix, { recursive: true, force: true });
      const inUse = /address already in use/i.test(`${(error as Error).message}\n${log}`);
      if (!inUse || options.port !== undefined || attempt >= 5) {
        throw log ? new Error(`${(error as Error).message}\nerror.log:\n${log}`, { cause: error }) : error;
      }
      port = await freePort(HOST);
      continue;
    }
    return {
      host: HOST,
      port,
      pid: service.pid,
      url: `http://${HOST}:${port}`,
      wsUrl: `ws://${HOST}:${port}`,
      prefix,
      running: () => !service.exited(),
      accessLog: () => readFile(join(prefix, "access.log"), "utf8").catch(() => ""),
      errorLog: () => readFile(join(prefix, "error.log"), "utf8").catch(() => ""),
      async stop() {
        await service.stop();
        await rm(prefix, { recursive: true, force: true });
      },
    };
  }
}
