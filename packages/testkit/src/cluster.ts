import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { type ClusterApp, startClusterApp, type UnexpectedExit } from "./cluster-app.js";
import { freePort } from "./free-port.js";
import { type NginxServer, startNginx } from "./nginx.js";
import { type RedisServer, startRedis } from "./redis-server.js";

const HOST = "127.0.0.1";
const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** The built mains the cluster runs (build them first: `pnpm build`). */
export const GATEWAY_MAIN = repoFile("apps/gateway/dist/main.js");
export const COLLECTOR_MAIN = repoFile("apps/collector/dist/main.js");
export const EXPORTER_MAIN = repoFile("apps/exporter/dist/main.js");

export interface StartClusterOptions {
  /** Gateway replicas behind nginx (default 3). */
  replicas?: number;
  /** Collector processes, host input only (default 1). */
  collectors?: number;
  /** Prometheus exporter processes (`apps/exporter/dist/main.js`, /metrics on their admin port; default 0). */
  exporters?: number;
  /** `bus.historyMaxLen` of every app: the replay window in events (default 1000). */
  historyMaxLen?: number;
  /** The one access token (read, publish, admin); default 32 random characters. */
  token?: string;
  /** `log.level` of the apps (default `warn`). */
  logLevel?: string;
  /** `shutdown.graceMs` of the apps (default 10 000). */
  graceMs?: number;
  /** Ports of nginx and Redis (default free ones). */
  nginxPort?: number;
  redisPort?: number;
  /** Extra `WIREWATCH_*` variables for every app. */
  env?: Record<string, string>;
  /**
   * nginx adds the test-only `X-Wirewatch-Upstream` response header (which replica answered;
   * `upstreamHeader` of startNginx); default true. The shipped template never sends it.
   */
  upstreamHeader?: boolean;
}

/** A gateway replica: a {@link ClusterApp} with its WebSocket endpoint. */
export interface ClusterReplica extends ClusterApp {
  /** `ws://127.0.0.1:PORT/api/v1/ws`, bypassing nginx. */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:PORT`, as nginx names it (`$upstream_addr`: access log, test-only `X-Wirewatch-Upstream`). */
  readonly address: string;
}

/** Redis, N gateway replicas, collectors and nginx on loopback: architecture §1 "scaled out". */
export interface Cluster {
  /** `ws://127.0.0.1:PORT/api/v1/ws` through nginx. */
  readonly nginxUrl: string;
  /** `http://127.0.0.1:PORT` through nginx (POST /api/v1/publish). */
  readonly httpUrl: string;
  readonly token: string;
  readonly redis: RedisServer;
  readonly nginx: NginxServer;
  readonly replicas: readonly ClusterReplica[];
  readonly collectors: readonly ClusterApp[];
  /** The first collector. */
  readonly collector: ClusterApp;
  /** Exporters: `${adminUrl}/metrics` serves every host's series. */
  readonly exporters: readonly ClusterApp[];
  /** The apps' `bus.redis.keyPrefix` and `bus.historyMaxLen`, for a test's own RedisBus. */
  readonly keyPrefix: string;
  readonly historyMaxLen: number;
  /** App processes that exited without `kill()`/`stop()` asking them to. */
  unexpectedExits(): UnexpectedExit[];
  /** Stops nginx, then every app (SIGTERM), then Redis. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a scaled-out wirewatch on loopback: a private redis-server, `replicas` gateway
 * processes (`apps/gateway/dist/main.js`), `collectors` collector processes
 * (`apps/collector/dist/main.js`, hosts `<hostname>`, `<hostname>-2`, ...), `exporters`
 * exporter processes (`apps/exporter/dist/main.js`), and nginx
 * load-balancing WebSocket connections across the replicas. Every app is configured through the
 * environment (WIREWATCH_REDIS_URL, WIREWATCH_PORT, WIREWATCH_ADMIN__PORT, WIREWATCH_AUTH__TOKENS,
 * trustedProxies 127.0.0.1) and resolves only once each /readyz answers 200. On failure, what
 * was started is stopped.
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const historyMaxLen = options.historyMaxLen ?? 1000;
  const graceMs = options.graceMs ?? 10_000;
  const keyPrefix = "ww";
  const exits: UnexpectedExit[] = [];
  const started: { stop(): Promise<unknown> }[] = [];
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => {});
  };
  try {
    const redis = await startRedis(options.redisPort === undefined ? {} : { port: options.redisPort });
    started.push(redis);
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/",
      WIREWATCH_REDIS_URL: redis.url,
      WIREWATCH_BUS__REDIS__KEY_PREFIX: keyPrefix,
      WIREWATCH_BUS__HISTORY_MAX_LEN: String(historyMaxLen),
      WIREWATCH_ADMIN__HOST: HOST,
      WIREWATCH_LOG__LEVEL: options.logLevel ?? "warn",
      WIREWATCH_LOG__PRETTY: "false",
      WIREWATCH_SHUTDOWN__GRACE_MS: String(graceMs),
      ...options.env,
    };
    const app = async (name: string, main: string, builtBy: string, env: NodeJS.ProcessEnv) => {
      const adminPort = await freePort(HOST);
      const started = await startClusterApp({
        name,
        main,
        builtBy,
        env: { ...common, ...env, WIREWATCH_ADMIN__PORT: String(adminPort) },
        adminPort,
        stopTimeoutMs: graceMs + 5000,
        onUnexpectedExit: (exit) => exits.push(exit),
      });
      return { started, adminPort };
    };

    const settled = await Promise.allSettled(
      Array.from({ length: options.replicas ?? 3 }, async (_, i): Promise<ClusterReplica> => {
        const port = await freePort(HOST);
        const { started: replica } = await app(`gateway-${i + 1}`, GATEWAY_MAIN, "@wirewatch/gateway-app", {
          WIREWATCH_PORT: String(port),
          WIREWATCH_GATEWAY__HOST: HOST,
          WIREWATCH_GATEWAY__TRUSTED_PROXIES: HOST,
          WIREWATCH_AUTH__TOKENS: JSON.stringify([
            { name: "cluster", token, permissions: ["read", "publish", "admin"] },
          ]),
          WIREWATCH_COLLECTOR__HOSTNAME: `gateway-${i + 1}`,
        });
        started.push({ stop: () => replica.kill() });
        return Object.assign(replica, {
          url: `ws://${HOST}:${port}/api/v1/ws`,
          port,
          address: `${HOST}:${port}`,
        });
      }),
    );
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const replicas = settled.map((r) => (r as PromiseFulfilledResult<ClusterReplica>).value);
    const collectors: ClusterApp[] = [];
    for (let i = 0; i < (options.collectors ?? 1); i++) {
      const { started: collector } = await app(
        `collector-${i + 1}`,
        COLLECTOR_MAIN,
        "@wirewatch/collector-app",
        {
          WIREWATCH_COLLECTOR__HOSTNAME: i === 0 ? hostname() : `${hostname()}-${i + 1}`,
        },
      );
      started.push({ stop: () => collector.kill() });
      collectors.push(collector);
    }
    const exporters: ClusterApp[] = [];
    for (let i = 0; i < (options.exporters ?? 0); i++) {
      const { started: exporter } = await app(
        `exporter-${i + 1}`,
        EXPORTER_MAIN,
        "@wirewatch/exporter-app",
        {},
      );
      started.push({ stop: () => exporter.kill() });
      exporters.push(exporter);
    }
    const nginx = await startNginx({
      upstreams: replicas.map((r) => r.address),
      upstreamHeader: options.upstreamHeader ?? true,
      ...(options.nginxPort === undefined ? {} : { port: options.nginxPort }),
    });
    started.push(nginx);

    let stopping: Promise<void> | undefined;
    return {
      nginxUrl: `${nginx.wsUrl}/api/v1/ws`,
      httpUrl: nginx.url,
      token,
      redis,
      nginx,
      replicas,
      collectors,
      collector: collectors[0] as ClusterApp,
      exporters,
      keyPrefix,
      historyMaxLen,
      unexpectedExits: () => [...exits],
      stop() {
        stopping ??= (async () => {
          await nginx.stop();
          await Promise.all([...replicas, ...collectors, ...exporters].map((a) => a.kill()));
          await redis.stop();
          started.length = 0;
        })();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
