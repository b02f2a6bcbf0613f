import { describe, expect, it } from "vitest";
import { isSecretKey, REDACTED, redactSecrets, redactValue } from "../src/index.js";

describe("redactSecrets", () => {
  it.each([
    ["ws://gw:34600/api/v1/ws?token=abc123", "ws://gw:34600/api/v1/ws?token=[REDACTED]"],
    ["/?a=1&token=abc123&b=2", "/?a=1&token=[REDACTED]&b=2"],
    ["https://h/cb?access_token=t1#frag", "https://h/cb?access_token=[REDACTED]#frag"],
    ["WIREWATCH_AUTH__TOKEN=s3cr3t other", "WIREWATCH_AUTH__TOKEN=[REDACTED] other"],
    ["db_password=hunter2; retry", "db_password=[REDACTED]; retry"],
    ["ssh://root:hunter2@nas1:22", "ssh://root:***@nas1:22"],
    ["redis://:pw@redis:6379/0", "redis://:***@redis:6379/0"],
    ["Authorization: Bearer abc.def.ghi", "Authorization: Bearer [REDACTED]"],
    ['{"type":"auth","token":"abc"}', `{"type":"auth","token":"${REDACTED}"}`],
    ['{"password" : "a\\"b"}', `{"password" : "${REDACTED}"}`],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end", "jwt [REDACTED] end"],
  ])("scrubs %s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    "plain message with no secrets",
    "http://gw:34600/metrics?tokens=5",
    "ssh://user:***@nas1:22",
    "listening on http://0.0.0.0:9469/livez",
    "user@example.com wrote a=1",
    "token= (empty)",
  ])("leaves %s alone", (input) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it("is idempotent", () => {
    const once = redactSecrets("ws://u:p@h/?token=x Bearer y");
    expect(redactSecrets(once)).toBe(once);
  });
});

describe("isSecretKey", () => {
  it.each([
    "token",
    "accessToken",
    "refresh_token",
    "password",
    "DB_PASSWORD",
    "clientSecret",
    "apiKey",
    "x-api-key",
    "authorization",
    "cookie",
    "set-cookie",
    "sec-websocket-protocol",
  ])("treats %s as secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(["host", "channel", "seq", "url", "user", "username", "protocol"])("treats %s as public", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe("redactValue", () => {
  it("redacts secret keys and scrubs strings at any depth, without mutating the input", () => {
    const input = {
      host: "nas1",
      a: { b: { c: { d: [{ token: "t-deep" }, "ws://h/?token=t-url"] } } },
      headers: { Authorization: "Bearer t-header", accept: "*/*" },
    };
    const snapshot = JSON.stringify(input);
    const out = redactValue(input) as typeof input;
    expect(JSON.stringify(out)).not.toMatch(/t-deep|t-url|t-header/);
    expect(out.a.b.c.d[0]).toEqual({ token: REDACTED });
    expect(out.headers.accept).toBe("*/*");
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it("returns the same object when nothing needs scrubbing", () => {
    const input = { host: "nas1", values: [1, 2, { ok: true }] };
    expect(redactValue(input)).toBe(input);
  });

  it("serializes errors with causes and scrubs them", () => {
    const err = Object.assign(
      new Error("dial ws://h/?token=t-msg", { cause: new Error("retry with password=t-cause") }),
      {
        code: "ECONNREFUSED",
        request: { headers: { cookie: "t-cookie" } },
      },
    );
    const out = redactValue({ err }) as { err: Record<string, unknown> };
    expect(out.err.type).toBe("Error");
    expect(out.err.code).toBe("ECONNREFUSED");
    expect(out.err.message).toContain("token=[REDACTED]");
    expect(JSON.stringify(out)).not.toMatch(/t-msg|t-cause|t-cookie/);
  });

  it("scrubs objects by what they serialize to (URL)", () => {
    expect(redactValue({ u: new URL("ssh://root:t-pw@nas1:22/") })).toEqual({ u: "ssh://root:***@nas1:22/" });
  });

  it("survives cycles and marks them", () => {
    const node: Record<string, unknown> = { url: "x?token=t-cyc" };
    node.self = node;
    const out = redactValue(node) as Record<string, unknown>;
    expect(out.self).toBe("[Circular]");
    expect(out.url).toBe("x?token=[REDACTED]");
  });
});
