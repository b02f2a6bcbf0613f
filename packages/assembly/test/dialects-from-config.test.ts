import { configSchema } from "@wirewatch/config";
import { describe, expect, it } from "vitest";
import { dialectPortsFromConfig, dialectsFromConfig } from "../src/gateway-from-config.js";

const parse = (gateway: Record<string, unknown> = {}) =>
  configSchema.parse({ collector: { hostname: "nas1" }, gateway });

describe("dialectsFromConfig", () => {
  it("serves native plus the three seed dialects on their paths by default", () => {
    const dialects = dialectsFromConfig(parse({ path: "/native" }));
    expect(dialects.map((d) => [d.name, d.path])).toEqual([
      ["native", "/native"],
      ["monserv", "/ws"],
      ["nzbflow", "/"],
      ["tvheadend", "/comet/ws"],
    ]);
    for (const d of dialects) d.close?.();
  });

  it("leaves disabled dialects out and moves the others", () => {
    const dialects = dialectsFromConfig(
      parse({
        dialects: { monserv: { enabled: false }, nzbflow: { path: "/nzb" }, tvheadend: { enabled: false } },
      }),
    );
    expect(dialects.map((d) => [d.name, d.path])).toEqual([
      ["native", "/api/v1/ws"],
      ["nzbflow", "/nzb"],
    ]);
  });
});

describe("dialectPortsFromConfig", () => {
  it("lists the extra ports of enabled dialects once, skipping the gateway's own port", () => {
    expect(dialectPortsFromConfig(parse())).toEqual([]);
    const config = parse({
      port: 34600,
      dialects: { monserv: { port: 18904 }, nzbflow: { port: 34600 }, tvheadend: { port: 18904 } },
    });
    expect(dialectPortsFromConfig(config)).toEqual([18904]);
    expect(dialectPortsFromConfig(parse({ dialects: { monserv: { port: 18904, enabled: false } } }))).toEqual(
      [],
    );
  });
});
