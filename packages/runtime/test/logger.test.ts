import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/index.js";
import { memoryLogger } from "./helpers.js";

/** Every secret value used below contains this marker; no output line may. */
const SECRET = /SECRET-\d/;

describe("createLogger", () => {
  it("writes one JSON object per line with level, time, name and message", () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: "gateway",
      pretty: false,
      destination: { write: (l) => lines.push(l) },
    });
    logger.info({ channel: "system.stats" }, "subscribed");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    const record = JSON.parse(lines[0] ?? "");
    expect(record).toMatchObject({ level: 30, name: "gateway", channel: "system.stats", msg: "subscribed" });
    expect(typeof record.time).toBe("number");
  });

  it("respects the level", () => {
    const log = memoryLogger("info");
    log.logger.debug("hidden");
    log.logger.warn("shown");
    expect(log.records().map((r) => r.msg)).toEqual(["shown"]);
  });

  it("redacts secret keys in nested objects and arrays", () => {
    const log = memoryLogger();
    log.logger.info(
      {
        token: "SECRET-1",
        auth: { tokens: ["SECRET-2"], password: "SECRET-3" },
        clients: [{ id: 1, session: { apiKey: "SECRET-4" } }],
        req: {
          headers: { authorization: "Bearer SECRET-5", "sec-websocket-protocol": "SECRET-6", host: "gw" },
        },
      },
      "config loaded",
    );
    const [record] = log.records();
    expect(log.lines.join("")).not.toMatch(SECRET);
    expect(record).toMatchObject({
      token: "[REDACTED]",
      req: { headers: { host: "gw" } },
      clients: [{ id: 1 }],
    });
  });

  it("scrubs URLs with ?token= and user:pass@ in fields and in the message", () => {
    const log = memoryLogger();
    log.logger.info({ url: "ws://gw:34600/?token=SECRET-1", target: "ssh://root:SECRET-2@nas1:22" }, "dial");
    log.logger.info("connecting to %s", "redis://:SECRET-3@redis:6379");
    log.logger.info("client ws://gw/?token=SECRET-4 joined");
    expect(log.lines.join("")).not.toMatch(SECRET);
    const [first, second] = log.records();
    expect(first?.target).toBe("ssh://root:***@nas1:22");
    expect(second?.msg).toBe("connecting to redis://:***@redis:6379");
  });

  it("scrubs error messages, stacks, causes and error fields", () => {
    const log = memoryLogger();
    const cause = new Error("upstream said password=SECRET-1");
    const err = Object.assign(new Error("GET http://h/api?token=SECRET-2 failed", { cause }), {
      config: { headers: { Authorization: "Bearer SECRET-3" } },
    });
    log.logger.error(err);
    log.logger.error({ err, error: new Error("Bearer SECRET-4") }, "while polling");
    expect(log.lines.join("")).not.toMatch(SECRET);
    const [bare, wrapped] = log.records();
    expect(bare?.msg).toBe("GET http://h/api?token=[REDACTED] failed");
    expect(wrapped?.err).toMatchObject({
      type: "Error",
      message: expect.stringContaining("token=[REDACTED]"),
    });
    expect((wrapped?.err as { stack?: string } | undefined)?.stack).toContain("caused by");
  });

  it("scrubs child bindings, including bindings of grandchildren", () => {
    const log = memoryLogger();
    const child = log.logger.child({ component: "ssh", password: "SECRET-1" });
    const grandchild = child.child({ server: "ssh://admin:SECRET-2@h:22" });
    grandchild.setBindings({ dsn: "postgres://u:SECRET-3@db/x" });
    grandchild.info("polling");
    expect(log.lines.join("")).not.toMatch(SECRET);
    expect(log.records()[0]).toMatchObject({ component: "ssh", server: "ssh://admin:***@h:22" });
  });

  it("redacts values added later by child serializers through the redact paths", () => {
    const log = memoryLogger();
    const child = log.logger.child(
      {},
      { serializers: { req: (r: { h: string }) => ({ headers: { authorization: r.h } }) } },
    );
    child.info({ req: { h: "SECRET-1" } }, "request");
    expect(log.lines.join("")).not.toMatch(SECRET);
  });

  it("pretty-prints with secrets still redacted", async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const logger = createLogger({ pretty: true, destination: out, name: "cli" });
    logger.info({ url: "ws://h/?token=SECRET-1" }, "ready");
    await new Promise<void>((resolve) => setImmediate(resolve));
    const text = chunks.join("");
    expect(text).toContain("INFO");
    expect(text).toContain("ready");
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toMatch(SECRET);
  });

  it("'auto' writes JSON to a destination that is not a TTY", () => {
    const lines: string[] = [];
    const logger = createLogger({ pretty: "auto", destination: { write: (l) => lines.push(l) } });
    logger.info("x");
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ msg: "x" });
  });
});
