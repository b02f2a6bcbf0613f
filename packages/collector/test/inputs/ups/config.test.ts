import { describe, expect, it } from "vitest";
import { z } from "zod";
import { upsConfigSchema, upsServerSchema } from "../../../src/inputs/ups/config.js";

describe("upsConfigSchema", () => {
  it("is off by default and polls upsd on this host every 5 s", () => {
    expect(upsConfigSchema.parse({})).toEqual({
      enabled: false,
      servers: [{ host: "127.0.0.1", port: 3493, starttls: false }],
      intervalMs: 5_000,
      timeoutMs: 3_000,
      reconnectMaxDelayMs: 30_000,
    });
  });

  it("accepts a full server entry", () => {
    const config = upsConfigSchema.parse({
      enabled: true,
      servers: [
        {
          host: "nas1.lan",
          port: 3494,
          name: "nas1",
          username: "monuser",
          password: "secret-pw",
          upses: ["ups", "rack-2"],
          starttls: true,
          caFile: "/etc/wirewatch/nut-ca.pem",
        },
      ],
    });
    expect(config.servers[0]).toMatchObject({ host: "nas1.lan", upses: ["ups", "rack-2"], starttls: true });
  });

  it("rejects what cannot work, naming the option", () => {
    const issues = (input: unknown) =>
      upsConfigSchema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(issues({ servers: [] })).toEqual([expect.stringMatching(/^servers: /)]);
    expect(issues({ servers: [{ host: "nut://nas1" }] })).toEqual([
      expect.stringMatching(/^servers.0.host: a host name/),
    ]);
    expect(issues({ servers: [{ port: 0 }] })).toEqual([expect.stringMatching(/^servers.0.port: /)]);
    expect(issues({ servers: [{ upses: ["bad name"] }] })).toEqual([
      expect.stringMatching(/^servers.0.upses.0: /),
    ]);
    expect(issues({ servers: [{ caFile: "ca.pem" }] })).toEqual([expect.stringMatching(/absolute path/)]);
    expect(issues({ servers: [{ pasword: "x" }] })).toEqual([
      expect.stringMatching(/^servers.0: Unrecognized key/),
    ]);
    expect(issues({ intervalMs: 10 })).toEqual([expect.stringMatching(/^intervalMs: /)]);
  });

  it("wants servers told apart (they name the schedules)", () => {
    expect(upsConfigSchema.safeParse({ servers: [{ host: "a" }, { host: "a" }] }).success).toBe(false);
    expect(upsConfigSchema.safeParse({ servers: [{ host: "a" }, { host: "a", port: 3494 }] }).success).toBe(
      true,
    );
    expect(
      upsConfigSchema.safeParse({
        servers: [
          { host: "a", name: "x" },
          { host: "b", name: "x" },
        ],
      }).success,
    ).toBe(false);
  });

  it("marks the password writeOnly (the JSON Schema keyword for secrets) and nothing else", () => {
    const secret = Object.entries(upsServerSchema.shape)
      .filter(([, field]) => z.globalRegistry.get(field)?.writeOnly === true)
      .map(([key]) => key);
    expect(secret).toEqual(["password"]);
    const jsonSchema = z.toJSONSchema(upsServerSchema, { io: "input" }) as {
      properties: Record<string, { writeOnly?: boolean }>;
    };
    expect(jsonSchema.properties.password?.writeOnly).toBe(true);
  });

  it("describes every option, server fields included", () => {
    const undescribed = [
      ...Object.entries(upsConfigSchema.shape),
      ...Object.entries(upsServerSchema.shape).map(([k, v]) => [`servers[].${k}`, v] as const),
    ]
      .filter(([, field]) => !field.description)
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
    expect(upsConfigSchema.description).toEqual(expect.any(String));
  });
});
