import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/index.js";
import { load, TEST_HOST, tempDir, writeTemp } from "./helpers.js";

const FILE = `
gateway:
  port: 1111
  host: 127.0.0.1
  pingIntervalMs: 1000
log:
  level: debug
collector:
  hostname: from-file
`;

describe("precedence: defaults < file < env < flags", () => {
  const defaults = defaultConfig({ hostname: () => TEST_HOST });

  it("uses defaults when nothing is given", () => {
    expect(load().config).toEqual(defaults);
  });

  it("lets each layer override the ones below it, option by option", () => {
    const file = writeTemp("wirewatch.yaml", FILE);
    const { config, warnings } = load({
      file,
      env: {
        WIREWATCH_GATEWAY__PORT: "2222",
        WIREWATCH_GATEWAY__HOST: "10.0.0.1",
        WIREWATCH_LOG__LEVEL: "warn",
      },
      flags: { "gateway.port": "3333" },
    });
    expect(warnings).toEqual([]);
    expect(config.gateway.port).toBe(3333); // flag over env over file
    expect(config.gateway.host).toBe("10.0.0.1"); // env over file
    expect(config.log.level).toBe("warn"); // env over file
    expect(config.gateway.pingIntervalMs).toBe(1000); // file over default
    expect(config.collector.hostname).toBe("from-file"); // file over the load-time default
    expect(config.gateway.maxFrameBytes).toBe(defaults.gateway.maxFrameBytes); // default
  });

  it("reads the file named by WIREWATCH_CONFIG, relative to cwd", () => {
    const dir = tempDir();
    writeTemp("conf.yaml", "gateway:\n  port: 4444\n", dir);
    const { config, file } = load({ env: { WIREWATCH_CONFIG: "conf.yaml" }, cwd: dir });
    expect(config.gateway.port).toBe(4444);
    expect(file).toBe(join(dir, "conf.yaml"));
  });

  it("prefers an explicit file over WIREWATCH_CONFIG", () => {
    const chosen = writeTemp("a.yaml", "gateway:\n  port: 5555\n");
    const ignored = writeTemp("b.yaml", "gateway:\n  port: 6666\n");
    expect(load({ file: chosen, env: { WIREWATCH_CONFIG: ignored } }).config.gateway.port).toBe(5555);
  });

  it("lets env set one list item's field on top of the file's list", () => {
    const file = writeTemp("w.yaml", "auth:\n  tokens:\n    - name: dash\n      token: from-the-file-0001\n");
    const { config } = load({ file, env: { WIREWATCH_AUTH__TOKENS__0__TOKEN: "from-the-env-00001" } });
    expect(config.auth.tokens).toEqual([
      { name: "dash", token: "from-the-env-00001", permissions: ["read"] },
    ]);
  });

  it("replaces lists rather than merging them", () => {
    const file = writeTemp("w.yaml", "gateway:\n  trustedProxies: [10.0.0.1, 10.0.0.2]\n");
    const { config } = load({ file, env: { WIREWATCH_GATEWAY__TRUSTED_PROXIES: "192.168.0.1" } });
    expect(config.gateway.trustedProxies).toEqual(["192.168.0.1"]);
  });

  it("applies a whole-section override before a more specific one", () => {
    const { config } = load({
      env: {
        WIREWATCH_GATEWAY__RATE_LIMIT__BURST: "7",
        WIREWATCH_GATEWAY__RATE_LIMIT: '{"messagesPerSecond": 5, "burst": 500}',
      },
    });
    expect(config.gateway.rateLimit).toEqual({ messagesPerSecond: 5, burst: 7 });
  });

  it("takes typed flag values as they are and skips undefined flags", () => {
    const { config } = load({
      env: { WIREWATCH_LOG__PRETTY: "true" },
      flags: { "log.pretty": false, "gateway.port": undefined, "auth.tokens[0]": undefined },
    });
    expect(config.log.pretty).toBe(false);
    expect(config.gateway.port).toBe(defaults.gateway.port);
  });

  it("accepts bracketed and dotted indexes in flags", () => {
    const tokens = [{ name: "a", token: "a-token-for-tests-1" }];
    const bracket = load({ flags: { "auth.tokens": tokens, "auth.tokens[0].permissions": "read,admin" } });
    const dotted = load({ flags: { "auth.tokens": tokens, "auth.tokens.0.permissions": "read,admin" } });
    expect(bracket.config.auth.tokens[0]?.permissions).toEqual(["read", "admin"]);
    expect(dotted.config).toEqual(bracket.config);
  });
});
