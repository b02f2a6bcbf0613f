import { ConfigError, type ConfigProblem, type WirewatchConfig } from "@wirewatch/config";
import { needsGeneratedToken } from "@wirewatch/gateway";

/** The scaled-out apps (architecture §1): each runs one part, sharing events over Redis. */
export type ScaledOutApp = "gateway" | "collector" | "exporter";

/**
 * What a scaled-out app needs beyond a valid config, as config problems (path + message):
 *
 * - `bus.redis.url` (WIREWATCH_REDIS_URL): on a memory bus the process would share events with
 *   nobody — a gateway would stream nothing, a collector would publish into the void, an
 *   exporter would serve no series.
 * - gateway: configured credentials (static tokens, a JWT key, or auth explicitly off). The app
 *   never generates a token as `wirewatch start` does: each replica would make its own.
 * - gateway: `gateway.port` and `admin.port` differ (unless 0).
 * - collector: at least one enabled input.
 */
export function scaledOutProblems(config: WirewatchConfig, app: ScaledOutApp): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!config.bus.redis.url) {
    problems.push({
      path: "bus.redis.url",
      message:
        `the ${app} app runs scaled out and needs Redis: set WIREWATCH_REDIS_URL=redis://HOST:6379 ` +
        "(on the in-memory bus it would share events with no other process; for one process use `wirewatch start`)",
    });
  }
  if (app === "gateway") {
    if (needsGeneratedToken(config.auth)) {
      problems.push({
        path: "auth.tokens",
        message:
          "the gateway app never generates a token (each replica would make its own): set auth.tokens " +
          '(WIREWATCH_AUTH__TOKENS=\'[{"name":"dash","token":"<16+ chars>","permissions":["read"]}]\'), ' +
          "auth.jwt, or WIREWATCH_AUTH=none",
      });
    }
    const { port } = config.gateway;
    if (port !== 0 && port === config.admin.port) {
      problems.push({
        path: "admin.port",
        message: `must differ from gateway.port (both ${port}): the admin endpoints have their own listener`,
        value: port,
      });
    }
  }
  if (app === "collector") {
    const enabled = Object.values(config.collector.inputs).filter((input) => input.enabled !== false);
    if (enabled.length === 0) {
      problems.push({
        path: "collector.inputs",
        message: "no input is enabled: enable one, e.g. WIREWATCH_COLLECTOR__INPUTS__HOST__ENABLED=true",
      });
    }
  }
  return problems;
}

/** Throws one `ConfigError` (WW_CONFIG_INVALID) listing {@link scaledOutProblems}, if any. */
export function assertScaledOut(config: WirewatchConfig, app: ScaledOutApp): void {
  const problems = scaledOutProblems(config, app);
  if (problems.length > 0) throw new ConfigError(problems);
}
