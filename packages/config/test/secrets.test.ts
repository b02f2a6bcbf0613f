import { describe, expect, it } from "vitest";
import { type ConfigError, formatProblems, formatWarnings, MASK } from "../src/index.js";
import { loadError, writeTemp } from "./helpers.js";

const TOKEN = "s3cret-token-value-xyz";
const JWT = "jwt-secret-value-that-must-not-leak!";
const REDIS_PASSWORD = "hunter2-redis-pw";

/** Everything a user could see of an error. */
function visible(error: ConfigError): string {
  return [
    error.message,
    formatProblems(error.problems),
    formatWarnings(error.warnings),
    JSON.stringify(error.problems),
    JSON.stringify(error.warnings),
  ].join("\n");
}

describe("secrets in problems", () => {
  it("masks a secret whose value is invalid", () => {
    const error = loadError({ env: { WIREWATCH_AUTH__JWT__SECRET: "too-short-secret" } });
    expect(error.problems).toEqual([expect.objectContaining({ path: "auth.jwt.secret", value: MASK })]);
    expect(visible(error)).not.toContain("too-short-secret");
  });

  it("masks tokens inside a list that has other problems", () => {
    const file = writeTemp(
      "w.yaml",
      `auth:\n  tokens:\n    - name: a\n      token: ${TOKEN}\n      permissions: [root]\n    - name: b\n      token: ${TOKEN}\n`,
    );
    const error = loadError({ file });
    expect(error.problems.map((problem) => problem.path).sort()).toEqual([
      "auth.tokens[0].permissions[0]",
      "auth.tokens[1].token",
    ]);
    expect(visible(error)).not.toContain(TOKEN);
  });

  it("masks a whole value standing where secrets belong", () => {
    const error = loadError({
      flags: { "auth.jwt": JWT, "auth.tokens": [{ name: "a", token: TOKEN, x: 1 }, 5] },
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "auth.jwt", value: MASK }),
        expect.objectContaining({ path: "auth.tokens[1]", value: MASK }),
      ]),
    );
    expect(visible(error)).not.toContain(JWT);
    expect(visible(error)).not.toContain(TOKEN);
  });

  it("masks the credentials of a Redis URL but keeps the rest", () => {
    const url = `http://user:${REDIS_PASSWORD}@cache:6379/0`;
    const error = loadError({ env: { WIREWATCH_REDIS_URL: url } });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.value).toBe(`http://${MASK}:${MASK}@cache:6379/0`);
    expect(visible(error)).not.toContain(REDIS_PASSWORD);
  });

  it("never echoes a secret that fails to coerce from the environment", () => {
    const malformed = `[{"name":"a","token":"${TOKEN}"`;
    const error = loadError({ env: { WIREWATCH_AUTH__TOKENS: malformed } });
    expect(error.problems).toEqual([expect.objectContaining({ path: "auth.tokens", value: MASK })]);
    expect(visible(error)).not.toContain(TOKEN);
  });

  it("never echoes a secret read from a _FILE variable", () => {
    const path = writeTemp("jwt", "short-file-secret\n");
    const error = loadError({ env: { WIREWATCH_AUTH__JWT__SECRET_FILE: path } });
    expect(error.problems[0]).toMatchObject({ path: "auth.jwt.secret", value: MASK });
    expect(visible(error)).not.toContain("short-file-secret");
  });

  it("names unknown keys without their values", () => {
    const file = writeTemp("w.yaml", `auth:\n  secretToken: ${TOKEN}\n  mode: bogus\n`);
    const error = loadError({ file });
    expect(error.warnings.map((warning) => warning.path)).toEqual(["auth.secretToken"]);
    expect(visible(error)).not.toContain(TOKEN);
  });

  it("keeps secrets out of YAML syntax errors", () => {
    const file = writeTemp("w.yaml", `auth:\n  jwt:\n    secret: "${JWT}\n`);
    const error = loadError({ file });
    expect(error.problems[0]?.message).toContain("invalid YAML");
    expect(visible(error)).not.toContain(JWT);
  });
});

describe("secrets marked writeOnly by an input's own schema", () => {
  it("masks a bad UPS server password in problems", () => {
    const error = loadError({
      flags: { "collector.inputs.ups.servers": JSON.stringify([{ host: "ups.lan", password: 12345678 }]) },
    });
    expect(error.problems.map((p) => p.path)).toContain("collector.inputs.ups.servers[0].password");
    expect(visible(error)).not.toContain("12345678");
  });
});
