import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@wirewatch/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ScaledOutApp, scaledOutProblems } from "../src/scaled-out.js";

/**
 * infra/compose cannot run here (no Docker engine), so this checks what can be checked without
 * one: the file parses, every app's environment loads through @wirewatch/config with no unknown
 * variable and no problem (including the scaled-out ones), the mounted paths exist, and nginx's
 * upstreams are the gateway services.
 */
const COMPOSE_DIR = fileURLToPath(new URL("../../../infra/compose/", import.meta.url));
const compose = parse(readFileSync(`${COMPOSE_DIR}docker-compose.yml`, "utf8"), { merge: true }) as {
  services: Record<
    string,
    { command?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[] }
  >;
};

/** Compose's own interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}`. */
const interpolate = (text: string, vars: Record<string, string>) =>
  text.replace(/\$\{(\w+)(?::[-?]([^}]*))?\}/g, (_, name: string, fallback = "") => vars[name] ?? fallback);
const VARS = { WIREWATCH_TOKEN: "compose-test-token-0123456789" };

const apps = Object.entries(compose.services).flatMap(([name, service]) => {
  const main = service.command?.find((part) => part.endsWith("/dist/main.js"));
  const kind = main?.split("/")[1] as ScaledOutApp | undefined;
  return kind ? [{ name, kind, main: main as string, service }] : [];
});

describe("infra/compose/docker-compose.yml", () => {
  it("runs three gateways, a collector and an exporter from the repository's built apps", () => {
    expect(apps.map((a) => `${a.name}:${a.kind}`).sort()).toEqual([
      "collector:collector",
      "exporter:exporter",
      "gateway-1:gateway",
      "gateway-2:gateway",
      "gateway-3:gateway",
    ]);
    for (const app of apps)
      expect(
        existsSync(
          fileURLToPath(
            new URL(`../../../${app.main.replace("dist/main.js", "package.json")}`, import.meta.url),
          ),
        ),
      ).toBe(true);
  });

  it.each(apps)("$name: every variable is a known option and the config is a valid scaled-out one", (app) => {
    const env = Object.fromEntries(
      Object.entries(app.service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), VARS)]),
    );
    const { config, warnings } = loadConfig({ env });
    expect(warnings).toEqual([]);
    expect(scaledOutProblems(config, app.kind)).toEqual([]);
    expect(config.bus.redis.url).toBe("redis://redis:6379");
  });

  it("mounts paths that exist", () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0] ?? "";
        if (source.startsWith(".")) expect(existsSync(`${COMPOSE_DIR}${source}`), source).toBe(true);
      }
    }
  });

  it("points nginx at the gateway services, on the port it publishes", () => {
    const nginx = compose.services.nginx!;
    const servers = [
      ...String(nginx.environment?.WIREWATCH_UPSTREAM_SERVERS).matchAll(/server ([\w-]+):(\d+);/g),
    ];
    expect(servers.map((m) => m[1])).toEqual(apps.filter((a) => a.kind === "gateway").map((a) => a.name));
    expect(servers.every((m) => m[2] === "34600")).toBe(true);
    expect(nginx.ports).toEqual([`8080:${nginx.environment?.WIREWATCH_LISTEN}`]);
  });
});
