import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig, envVarName } from "../src/index.js";
import { load, loadError, TEST_HOST, tempDir, writeTemp } from "./helpers.js";

describe("environment variable names", () => {
  it("joins levels with __ and writes camelCase keys in SCREAMING_SNAKE_CASE", () => {
    expect(envVarName(["gateway", "port"])).toBe("WIREWATCH_GATEWAY__PORT");
    expect(envVarName(["gateway", "rateLimit", "messagesPerSecond"])).toBe(
      "WIREWATCH_GATEWAY__RATE_LIMIT__MESSAGES_PER_SECOND",
    );
    expect(envVarName(["collector", "inputs", "host", "statsIntervalMs"])).toBe(
      "WIREWATCH_COLLECTOR__INPUTS__HOST__STATS_INTERVAL_MS",
    );
  });

  it("maps every option's variable back to that option", () => {
    const defaults = defaultConfig({ hostname: () => TEST_HOST });
    const env: Record<string, string> = {};
    const visit = (value: unknown, path: string[]): void => {
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
      } else env[envVarName(path)] = Array.isArray(value) ? JSON.stringify(value) : String(value);
    };
    visit(defaults, []);
    expect(Object.keys(env).length).toBeGreaterThan(30);
    const { config, warnings } = load({ env, defaults: { hostname: () => "not-used" } });
    expect(warnings).toEqual([]);
    expect(config).toEqual(defaults);
  });
});

describe("environment coercion", () => {
  it("reads numbers", () => {
    const { config } = load({
      env: { WIREWATCH_GATEWAY__PORT: " 8080 ", WIREWATCH_GATEWAY__RATE_LIMIT__MESSAGES_PER_SECOND: "2.5" },
    });
    expect(config.gateway.port).toBe(8080);
    expect(config.gateway.rateLimit.messagesPerSecond).toBe(2.5);
  });

  it.each([
    ["true", true],
    ["false", false],
    ["1", true],
    ["0", false],
    ["TRUE", true],
  ])("reads booleans: %s", (text, expected) => {
    const { config } = load({ env: { WIREWATCH_COLLECTOR__INPUTS__HOST__ENABLED: text } });
    expect(config.collector.inputs.host.enabled).toBe(expected);
  });

  it.each([
    ["auto", "auto"],
    ["true", true],
    ["0", false],
  ])("reads a union of a literal and booleans: %s", (text, expected) => {
    expect(load({ env: { WIREWATCH_LOG__PRETTY: text } }).config.log.pretty).toBe(expected);
  });

  it("reads the host input's options, defined in the collector package", () => {
    const { config, warnings } = load({
      env: {
        WIREWATCH_COLLECTOR__INPUTS__HOST__STATS_INTERVAL_MS: "2000",
        WIREWATCH_COLLECTOR__INPUTS__HOST__PATHS__PROC: "/host/proc",
        WIREWATCH_COLLECTOR__INPUTS__HOST__MOUNT_POINTS_EXCLUDE: "^/(dev|proc|sys)($|/)",
        WIREWATCH_COLLECTOR__INPUTS__HOST__TIMEOUT_MS: "3000",
      },
    });
    expect(warnings).toEqual([]);
    expect(config.collector.inputs.host).toMatchObject({
      statsIntervalMs: 2000,
      paths: { proc: "/host/proc", sys: "/sys", root: "/" },
      mountPointsExclude: "^/(dev|proc|sys)($|/)",
      timeoutMs: 3000,
    });
  });

  it("reads enums", () => {
    expect(load({ env: { WIREWATCH_LOG__LEVEL: "trace" } }).config.log.level).toBe("trace");
  });

  it("reads comma-separated lists, trimming items and dropping empty ones", () => {
    const env = { WIREWATCH_GATEWAY__ALLOWED_ORIGINS: " https://a.example.com, https://b.example.com ,," };
    expect(load({ env }).config.gateway.allowedOrigins).toEqual([
      "https://a.example.com",
      "https://b.example.com",
    ]);
  });

  it("reads JSON arrays", () => {
    const env = { WIREWATCH_AUTH__JWT__ALGORITHMS: '["RS256"]', WIREWATCH_GATEWAY__TRUSTED_PROXIES: "[]" };
    const { config } = load({ env });
    expect(config.auth.jwt.algorithms).toEqual(["RS256"]);
    expect(config.gateway.trustedProxies).toEqual([]);
  });

  it("reads JSON arrays of objects", () => {
    const tokens = [
      { name: "ci", token: "ci-token-000000001", permissions: ["publish"], channels: ["custom.ci"] },
    ];
    const { config } = load({ env: { WIREWATCH_AUTH__TOKENS: JSON.stringify(tokens) } });
    expect(config.auth.tokens).toEqual(tokens);
  });

  it("reads JSON objects for whole sections", () => {
    const { config } = load({ env: { WIREWATCH_ADMIN: '{"port": 9000}' } });
    expect(config.admin.port).toBe(9000);
  });

  it("keeps strings as they are", () => {
    const { config } = load({ env: { WIREWATCH_AUTH__JWT__ISSUER: " spaced: " } });
    expect(config.auth.jwt.issuer).toBe(" spaced: ");
  });

  it("treats empty variables as unset", () => {
    const { config, warnings } = load({ env: { WIREWATCH_GATEWAY__PORT: "", WIREWATCH_NOT_AN_OPTION: "" } });
    expect(config.gateway.port).toBe(defaultConfig().gateway.port);
    expect(warnings).toEqual([]);
  });

  it.each([
    ["WIREWATCH_GATEWAY__PORT", "80a", "gateway.port"],
    ["WIREWATCH_COLLECTOR__INPUTS__HOST__ENABLED", "yes", "collector.inputs.host.enabled"],
    ["WIREWATCH_COLLECTOR__INPUTS__HOST__STATS_INTERVAL_MS", "2s", "collector.inputs.host.statsIntervalMs"],
    ["WIREWATCH_LOG__PRETTY", "sometimes", "log.pretty"],
    ["WIREWATCH_GATEWAY__TRUSTED_PROXIES", "[1,", "gateway.trustedProxies"],
    ["WIREWATCH_AUTH__TOKENS", "ci:abc", "auth.tokens"],
    ["WIREWATCH_GATEWAY__RATE_LIMIT", "burst=5", "gateway.rateLimit"],
    ["WIREWATCH_SHUTDOWN__GRACE_MS", "0x10", "shutdown.graceMs"],
  ])("reports %s=%s as a problem naming the variable", (name, text, path) => {
    const error = loadError({ env: { [name]: text } });
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem?.path).toBe(path);
    expect(problem?.source).toBe(`env ${name}`);
    expect(problem?.expected).toEqual(expect.any(String));
    expect(error.message).toContain(name);
  });

  it("reports values that coerce but are invalid with the variable as source", () => {
    const error = loadError({ env: { WIREWATCH_GATEWAY__PORT: "70000", WIREWATCH_LOG__LEVEL: "verbose" } });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: "gateway.port",
          value: 70000,
          source: "env WIREWATCH_GATEWAY__PORT",
        }),
        expect.objectContaining({ path: "log.level", value: "verbose", source: "env WIREWATCH_LOG__LEVEL" }),
      ]),
    );
  });

  it("reports an invalid host input path with the variable as source", () => {
    const name = "WIREWATCH_COLLECTOR__INPUTS__HOST__PATHS__PROC";
    const error = loadError({ env: { [name]: "proc" } });
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "collector.inputs.host.paths.proc",
        value: "proc",
        source: `env ${name}`,
      }),
    ]);
  });
});

describe("environment shortcuts", () => {
  it("maps WIREWATCH_PORT, WIREWATCH_REDIS_URL and WIREWATCH_AUTH", () => {
    const { config } = load({
      env: { WIREWATCH_PORT: "1234", WIREWATCH_REDIS_URL: "redis://cache:6379", WIREWATCH_AUTH: "none" },
    });
    expect(config.gateway.port).toBe(1234);
    expect(config.bus.redis.url).toBe("redis://cache:6379");
    expect(config.auth.mode).toBe("none");
  });

  it("lets the full name win over its shortcut, with a warning", () => {
    const { config, warnings } = load({ env: { WIREWATCH_PORT: "1234", WIREWATCH_GATEWAY__PORT: "4321" } });
    expect(config.gateway.port).toBe(4321);
    expect(warnings).toEqual([expect.objectContaining({ path: "WIREWATCH_PORT" })]);
  });

  it("rejects WIREWATCH_AUTH values other than none and token", () => {
    const error = loadError({ env: { WIREWATCH_AUTH: "off" } });
    expect(error.problems).toEqual([
      expect.objectContaining({ path: "auth.mode", value: "off", source: "env WIREWATCH_AUTH" }),
    ]);
  });
});

describe("unknown environment variables", () => {
  it("warns with the variable's name and a hint, and still loads", () => {
    const { config, warnings } = load({
      env: { WIREWATCH_GATEWAY__PROT: "1", WIREWATCH_PORT: "2000", HOME: "/root" },
    });
    expect(config.gateway.port).toBe(2000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.path).toBe("WIREWATCH_GATEWAY__PROT");
    expect(warnings[0]?.message).toContain("WIREWATCH_GATEWAY__PORT");
  });

  it("does not treat WIREWATCH_CONFIG as an option", () => {
    const file = writeTemp("w.yaml", "{}\n");
    expect(load({ env: { WIREWATCH_CONFIG: file } }).warnings).toEqual([]);
  });
});

describe("_FILE variables", () => {
  it("read the value from the file, trimmed", () => {
    const dir = tempDir();
    const secret = "a-jwt-secret-that-is-long-enough-000";
    const path = writeTemp("jwt", `\n${secret}\n\n`, dir);
    const { config } = load({ env: { WIREWATCH_AUTH__JWT__SECRET_FILE: path } });
    expect(config.auth.jwt.secret).toBe(secret);
  });

  it("work for any option, shortcuts included, coercing like the variable", () => {
    const dir = tempDir();
    writeTemp("port", "2345\n", dir);
    writeTemp("redis", "redis://:pw@cache:6379\n", dir);
    writeTemp("tokens", JSON.stringify([{ name: "a", token: "file-token-0000001" }]), dir);
    const { config } = load({
      cwd: dir,
      env: {
        WIREWATCH_PORT_FILE: "port",
        WIREWATCH_REDIS_URL_FILE: join(dir, "redis"),
        WIREWATCH_AUTH__TOKENS_FILE: "tokens",
      },
    });
    expect(config.gateway.port).toBe(2345);
    expect(config.bus.redis.url).toBe("redis://:pw@cache:6379");
    expect(config.auth.tokens[0]?.token).toBe("file-token-0000001");
  });

  it("do not shadow an option whose own name ends in _FILE", () => {
    const { config } = load({ env: { WIREWATCH_AUTH__TOKEN_FILE: "/var/lib/wirewatch/token" } });
    expect(config.auth.tokenFile).toBe("/var/lib/wirewatch/token");
  });

  it("report a missing file with the variable's name", () => {
    const missing = join(tempDir(), "nope");
    const error = loadError({ env: { WIREWATCH_AUTH__JWT__SECRET_FILE: missing } });
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "auth.jwt.secret",
        source: `env WIREWATCH_AUTH__JWT__SECRET_FILE (${missing})`,
      }),
    ]);
    expect(error.problems[0]?.message).toContain("WIREWATCH_AUTH__JWT__SECRET_FILE");
  });

  it("conflict with the plain variable for the same option", () => {
    const path = writeTemp("s", "a-jwt-secret-that-is-long-enough-001");
    const error = loadError({
      env: {
        WIREWATCH_AUTH__JWT__SECRET: "a-jwt-secret-that-is-long-enough-002",
        WIREWATCH_AUTH__JWT__SECRET_FILE: path,
      },
    });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.path).toBe("auth.jwt.secret");
    expect(error.problems[0]?.message).toContain("WIREWATCH_AUTH__JWT__SECRET_FILE");
  });
});
