import { readFileSync } from "node:fs";
import { BlockList } from "node:net";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@wirewatch/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * infra/compose: the gateways believe X-Forwarded-For from nginx and from nothing else (issue 14,
 * defect 6): nginx's fixed address is each gateway's only `gateway.trustedProxies` entry, inside
 * the compose network, and no other service claims it.
 */
interface Service {
  command?: string[];
  environment?: Record<string, string>;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
}
const file = fileURLToPath(new URL("../../../infra/compose/docker-compose.yml", import.meta.url));
const compose = parse(readFileSync(file, "utf8"), { merge: true }) as {
  services: Record<string, Service>;
  networks: Record<string, { ipam?: { config?: { subnet: string }[] } }>;
};
const addressOf = (service: Service) =>
  Array.isArray(service.networks) ? undefined : service.networks?.wirewatch?.ipv4_address;

describe("infra/compose: trusted proxy", () => {
  const nginxAddress = addressOf(compose.services.nginx!);
  const gateways = Object.entries(compose.services).filter(([, s]) =>
    s.command?.includes("apps/gateway/dist/main.js"),
  );

  it("gives nginx a fixed address inside the compose network", () => {
    expect(nginxAddress).toBeDefined();
    const [subnet = "", prefix] = compose.networks.wirewatch?.ipam?.config?.[0]?.subnet.split("/") ?? [];
    const network = new BlockList();
    network.addSubnet(subnet, Number(prefix), "ipv4");
    expect(network.check(nginxAddress!, "ipv4")).toBe(true);
    const others = Object.entries(compose.services).filter(([name]) => name !== "nginx");
    expect(others.filter(([, s]) => addressOf(s) === nginxAddress)).toEqual([]);
  });

  it("makes nginx's address every gateway's only trusted proxy", () => {
    expect(gateways).toHaveLength(3);
    for (const [name, service] of gateways) {
      const env = { ...service.environment, WIREWATCH_AUTH__TOKENS: "[]" } as Record<string, string>;
      expect(loadConfig({ env }).config.gateway.trustedProxies, name).toEqual([nginxAddress]);
    }
  });
});
