import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../src/cli.js";
import type { Io } from "../src/io.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    exit: (c) => {
      code = c;
    },
  };
  return { io, out: () => out.join(""), err: () => err.join(""), code: () => code };
}

async function cli(...args: string[]) {
  const c = capture();
  try {
    await buildProgram(c.io).parseAsync(["node", "wirewatch", ...args]);
  } catch (e) {
    // commander signals --help/--version/usage errors by throwing after io.exit(); others are bugs
    if (typeof (e as { exitCode?: unknown }).exitCode !== "number") throw e;
  }
  return c;
}

const dir = mkdtempSync(join(tmpdir(), "wirewatch-cli-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("wirewatch config", () => {
  it("defaults prints commented YAML that parses and holds the gateway port", async () => {
    const c = await cli("config", "defaults");
    expect(c.out()).toMatch(/^# /m);
    expect(parse(c.out()).gateway.port).toBe(34600);
  });

  it("schema prints a JSON Schema describing gateway.port", async () => {
    const schema = JSON.parse((await cli("config", "schema")).out());
    expect(schema.properties.gateway.properties.port.type).toBe("integer");
  });

  it("check accepts a good file", async () => {
    const c = await cli("config", "check", file("good.yaml", "gateway:\n  port: 8080\n"));
    expect(c.code()).toBe(0);
    expect(c.out()).toMatch(/: ok/);
  });

  it("check names every bad field with its path and value, and exits 1", async () => {
    const c = await cli(
      "config",
      "check",
      file("bad.yaml", 'gateway:\n  port: "eighty"\n  pingIntervalMs: -5\nlog:\n  level: loud\n'),
    );
    expect(c.code()).toBe(1);
    expect(c.err()).toContain("gateway.port");
    expect(c.err()).toContain("gateway.pingIntervalMs");
    expect(c.err()).toContain("log.level");
    expect(c.err()).toContain("3 problem(s)");
  });

  it("check warns about an unknown key but passes", async () => {
    const c = await cli("config", "check", file("unknown.yaml", "gateway:\n  prot: 1\n"));
    expect(c.code()).toBe(0);
    expect(c.err()).toContain("gateway.prot");
  });

  it("check without a file or WIREWATCH_CONFIG exits 2 with a reason", async () => {
    const saved = process.env.WIREWATCH_CONFIG;
    delete process.env.WIREWATCH_CONFIG;
    const c = await cli("config", "check");
    if (saved !== undefined) process.env.WIREWATCH_CONFIG = saved;
    expect(c.code()).toBe(2);
    expect(c.err()).toMatch(/no file given/);
  });
});

describe("wirewatch token create", () => {
  it("prints a fresh 256-bit token in a config entry, different each time", async () => {
    const a = JSON.parse((await cli("token", "create", "--json", "--name", "grafana")).out());
    const b = JSON.parse((await cli("token", "create", "--json")).out());
    expect(a.name).toBe("grafana");
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.permissions).toEqual(["read"]);
    const yaml = parse((await cli("token", "create", "--permissions", "read,publish")).out());
    expect(yaml.auth.tokens[0].permissions).toEqual(["read", "publish"]);
  });

  it("rejects an unknown permission, naming it", async () => {
    const c = await cli("token", "create", "--permissions", "read,root");
    expect(c.code()).toBe(2);
    expect(c.err()).toContain("root");
  });
});

describe("wirewatch config: alerts", () => {
  it("defaults prints the alerts section with the built-in rules commented out", async () => {
    const text = (await cli("config", "defaults")).out();
    expect(parse(text).alerts).toEqual({ enabled: true, defaults: true, rules: [] });
    expect(text).toMatch(/^ {2}# rules:\n {2}# {3}- name: cpu\n/m);
    expect(text).toContain("#     subject: Filesystem {mountpoint} usage");
  });

  it("check rejects a bad rule with its field path and exits 1", async () => {
    const c = await cli(
      "config",
      "check",
      file(
        "bad-rule.yaml",
        [
          "alerts:",
          "  rules:",
          "    - name: load",
          "      channel: system.stats",
          "      field: load_average[0]",
          "      op: '>'",
          "      warning: 4",
          "      clear: { warning: 6 }",
        ].join("\n"),
      ),
    );
    expect(c.code()).toBe(1);
    expect(c.err()).toContain("alerts.rules[0].clear.warning");
    expect(c.err()).toContain("must be at or below warning (4)");
  });
});
