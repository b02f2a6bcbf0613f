import {
  DEFAULT_DISK_DEVICE_EXCLUDE,
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  DEFAULT_NET_DEVICE_EXCLUDE,
} from "@wirewatch/collector/inputs-config";
import { describe, expect, it } from "vitest";
import { configSchema, defaultConfig, MASK } from "../src/index.js";
import { load, loadError, TEST_HOST, writeTemp } from "./helpers.js";

describe("configSchema defaults", () => {
  const defaults = defaultConfig({ hostname: () => TEST_HOST });

  it("fills every section from an empty input", () => {
    expect(configSchema.parse({ collector: { hostname: TEST_HOST } })).toEqual(defaults);
    expect(Object.keys(defaults).sort()).toEqual([
      "admin",
      "alerts",
      "auth",
      "bus",
      "collector",
      "gateway",
      "log",
      "shutdown",
    ]);
  });

  it("has the documented defaults", () => {
    expect(defaults.log).toEqual({ level: "info", pretty: "auto" });
    expect(defaults.bus).toEqual({
      redis: { keyPrefix: "ww" },
      historyMaxLen: 1000,
      historyMaxBytes: 8 * 1024 * 1024,
      historyTotalMaxBytes: 64 * 1024 * 1024,
      publishQueueMax: 1000,
    });
    expect(defaults.gateway).toMatchObject({
      host: "0.0.0.0",
      port: 34600,
      path: "/api/v1/ws",
      pingIntervalMs: 25000,
      maxFrameBytes: 64 * 1024,
      rateLimit: { messagesPerSecond: 50, burst: 100 },
      maxConnectionsPerIp: 256,
      maxSubscriptionsPerSocket: 64,
      maxCustomChannels: 100,
      slowConsumer: { maxBufferedBytes: 1024 * 1024, maxQueuedEvents: 1000 },
      allowedOrigins: [],
      trustedProxies: [],
    });
    expect(defaults.auth).toEqual({
      mode: "token",
      tokens: [],
      tokenFile: "~/.config/wirewatch/token",
      jwt: { algorithms: ["HS256", "RS256"] },
    });
    expect(defaults.admin).toEqual({ host: "0.0.0.0", port: 9469 });
    expect(defaults.collector).toEqual({
      hostname: TEST_HOST,
      inputs: {
        host: {
          enabled: true,
          statsIntervalMs: 1000,
          processesIntervalMs: 5000,
          storageIntervalMs: 10000,
          jitterMs: 0,
          topProcesses: 10,
          processCmdline: true,
          maxCmdlineLength: 256,
          paths: { proc: "/proc", sys: "/sys", root: "/" },
          netDeviceExclude: DEFAULT_NET_DEVICE_EXCLUDE,
          diskDeviceExclude: DEFAULT_DISK_DEVICE_EXCLUDE,
          mountPointsExclude: DEFAULT_MOUNT_POINTS_EXCLUDE,
          fsTypesExclude: DEFAULT_FS_TYPES_EXCLUDE,
          mountTimeoutMs: 5000,
        },
        ups: {
          enabled: false,
          servers: [{ host: "127.0.0.1", port: 3493, starttls: false }],
          intervalMs: 5000,
          timeoutMs: 3000,
          reconnectMaxDelayMs: 30000,
        },
      },
      workers: { maxThreads: 2 },
    });
    expect(defaults.collector.inputs.host).not.toHaveProperty("hostname");
    expect(defaults.collector.inputs.host).not.toHaveProperty("timeoutMs");
    expect(defaults.shutdown).toEqual({ graceMs: 10000 });
  });

  it("takes the host name from the function given, at load time", () => {
    let calls = 0;
    const config = defaultConfig({ hostname: () => `host-${++calls}` });
    expect(config.collector.hostname).toBe("host-1");
    expect(defaultConfig({ hostname: () => `host-${++calls}` }).collector.hostname).toBe("host-2");
  });

  it("defaults a token's permissions to read", () => {
    const config = configSchema.parse({ auth: { tokens: [{ name: "a", token: "x".repeat(16) }] } });
    expect(config.auth.tokens[0]?.permissions).toEqual(["read"]);
  });
});

describe("configSchema validation", () => {
  const token = "t0ken-for-tests-0001";

  it("rejects a token entry without token, naming the path", () => {
    const error = loadError({ flags: { "auth.tokens": [{ name: "dash" }] } });
    expect(error.problems).toEqual([
      expect.objectContaining({ path: "auth.tokens[0].token", message: "is required" }),
    ]);
  });

  it("rejects unknown permissions and short tokens", () => {
    const error = loadError({
      flags: { "auth.tokens": [{ name: "a", token: "short", permissions: ["write"] }] },
    });
    const byPath = Object.fromEntries(error.problems.map((problem) => [problem.path, problem]));
    expect(byPath["auth.tokens[0].token"]).toMatchObject({ expected: "at least 16 characters", value: MASK });
    expect(byPath["auth.tokens[0].permissions[0]"]).toMatchObject({ value: "write" });
    expect(byPath["auth.tokens[0].permissions[0]"]?.expected).toContain('"publish"');
  });

  it("rejects duplicate token names and duplicate token values without showing the token", () => {
    const tokens = [
      { name: "a", token },
      { name: "a", token: `${token}-b` },
      { name: "c", token },
    ];
    const error = loadError({ flags: { "auth.tokens": tokens } });
    expect(error.problems.map((problem) => problem.path).sort()).toEqual([
      "auth.tokens[1].name",
      "auth.tokens[2].token",
    ]);
    expect(error.message).not.toContain(token);
  });

  it("accepts IPs and CIDR ranges as trusted proxies and rejects anything else", () => {
    const good = ["10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"];
    expect(configSchema.parse({ gateway: { trustedProxies: good } }).gateway.trustedProxies).toEqual(good);
    for (const bad of ["10.0.0.0/33", "host.local", "10.0.0.1/8/1", "fd00::/129"]) {
      expect(configSchema.safeParse({ gateway: { trustedProxies: [bad] } }).success, bad).toBe(false);
    }
  });

  it("accepts origins only as scheme://host[:port]", () => {
    expect(
      configSchema.safeParse({ gateway: { allowedOrigins: ["https://dash.example.com:8443"] } }).success,
    ).toBe(true);
    for (const bad of ["https://dash.example.com/", "dash.example.com", "ftp://x.example.com", "*"]) {
      expect(configSchema.safeParse({ gateway: { allowedOrigins: [bad] } }).success, bad).toBe(false);
    }
  });

  it("requires redis:// or rediss:// bus URLs", () => {
    expect(configSchema.safeParse({ bus: { redis: { url: "rediss://cache:6380/1" } } }).success).toBe(true);
    expect(configSchema.safeParse({ bus: { redis: { url: "http://cache:6379" } } }).success).toBe(false);
  });

  it("rejects out-of-range ports and non-integer counts", () => {
    const error = loadError({
      flags: { "gateway.port": 70000, "admin.port": -1, "gateway.maxFrameBytes": 1.5 },
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "gateway.port", value: 70000, expected: "<= 65535" }),
        expect.objectContaining({ path: "admin.port", value: -1, expected: ">= 0" }),
        expect.objectContaining({ path: "gateway.maxFrameBytes", value: 1.5, expected: "integer" }),
      ]),
    );
  });

  it("accepts only Redis key prefixes the bus accepts (no trailing ':', which the bus adds)", () => {
    expect(load({ flags: { "bus.redis.keyPrefix": "ww-prod.eu" } }).config.bus.redis.keyPrefix).toBe(
      "ww-prod.eu",
    );
    for (const prefix of ["ww:", " spaced", "", "a/b"]) {
      const error = loadError({ flags: { "bus.redis.keyPrefix": prefix } });
      expect(error.problems.map((p) => p.path)).toEqual(["bus.redis.keyPrefix"]);
    }
  });

  it("rejects relative collector paths", () => {
    const error = loadError({ flags: { "collector.inputs.host.paths.proc": "proc" } });
    expect(error.problems[0]).toMatchObject({ path: "collector.inputs.host.paths.proc", value: "proc" });
  });

  it("validates the host input with the collector's own schema", () => {
    const error = loadError({
      flags: {
        "collector.inputs.host.statsIntervalMs": 10,
        "collector.inputs.host.mountPointsExclude": "(",
        "collector.inputs.host.hostname": "bad host",
      },
    });
    const byPath = Object.fromEntries(error.problems.map((problem) => [problem.path, problem]));
    expect(Object.keys(byPath).sort()).toEqual([
      "collector.inputs.host.hostname",
      "collector.inputs.host.mountPointsExclude",
      "collector.inputs.host.statsIntervalMs",
    ]);
    expect(byPath["collector.inputs.host.statsIntervalMs"]).toMatchObject({ value: 10, expected: ">= 100" });
    expect(byPath["collector.inputs.host.mountPointsExclude"]?.message).toBe(
      "not a valid regular expression",
    );
  });

  it("warns about unknown keys inside an input with their path, and loads the rest", () => {
    const text = [
      "collector:",
      "  paths:",
      "    proc: /host/proc",
      "  inputs:",
      "    host:",
      "      statsIntervalMS: 2000",
      "      storageIntervalMs: 30000",
      "      paths:",
      "        prc: /host/proc",
      "        sys: /host/sys",
      "    hots: {}",
    ].join("\n");
    const file = writeTemp("inputs.yaml", text);
    const { config, warnings } = load({ file });
    expect(config.collector.inputs.host.storageIntervalMs).toBe(30000);
    expect(config.collector.inputs.host.paths).toEqual({ proc: "/proc", sys: "/host/sys", root: "/" });
    const byPath = Object.fromEntries(warnings.map((warning) => [warning.path, warning]));
    expect(Object.keys(byPath).sort()).toEqual([
      "collector.inputs.host.paths.prc",
      "collector.inputs.host.statsIntervalMS",
      "collector.inputs.hots",
      "collector.paths",
    ]);
    expect(byPath["collector.inputs.host.statsIntervalMS"]).toMatchObject({ source: `${file}:6` });
    expect(byPath["collector.inputs.host.statsIntervalMS"]?.message).toContain(
      "did you mean statsIntervalMs?",
    );
    expect(byPath["collector.inputs.host.paths.prc"]).toMatchObject({ source: `${file}:9` });
    expect(byPath["collector.inputs.host.paths.prc"]?.message).toContain("did you mean proc?");
    expect(byPath["collector.inputs.hots"]?.message).toContain("did you mean host?");
  });
});
