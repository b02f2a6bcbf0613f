import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import { Registry } from "prom-client";
import type { Principal } from "../../src/auth/principal.js";
import { createCustomChannels } from "../../src/commands/custom-channels.js";
import { Session } from "../../src/connection/session.js";
import type { GatewayContext } from "../../src/context.js";
import type { Dialect } from "../../src/dialect.js";
import { createNativeDialect } from "../../src/dialects/native.js";
import { silentLogger as gatewayLogger } from "../../src/logger.js";
import { createGatewayMetrics } from "../../src/metrics.js";
import { type GatewayLimits, resolveLimits } from "../../src/options.js";
import { createHub } from "../../src/subscription/hub.js";
import { FakeSocket } from "./fake-socket.js";

export const READER: Principal = {
  name: "reader",
  source: "static",
  permissions: new Set(["read", "publish"]),
};

/** One Session on a FakeSocket over a real MemoryBus and hub, with the gateway's metrics on a registry. */
export function sessionRig(
  options: { limits?: GatewayLimits; dialect?: Dialect; principal?: Principal } = {},
) {
  const bus = createMemoryBus({ logger: silentLogger });
  const logger = gatewayLogger();
  const registry = new Registry();
  const limits = resolveLimits({ bus, ...(options.limits ? { limits: options.limits } : {}) });
  const ctx: GatewayContext = {
    bus,
    hub: createHub(bus, logger),
    logger,
    metrics: createGatewayMetrics(registry),
    limits,
    hostName: "gw-test",
    publish: {
      bus,
      hostName: "gw-test",
      maxFrameBytes: limits.maxFrameBytes,
      customChannels: createCustomChannels(limits.maxCustomChannels),
    },
  };
  const socket = new FakeSocket();
  const released: Session[] = [];
  const dialect = options.dialect ?? createNativeDialect();
  const session = new Session(ctx, {
    id: "s1",
    socket,
    dialect,
    principal: options.principal ?? READER,
    address: "127.0.0.1",
    userAgent: "session-test",
    rawQuery: "",
    onClosed: (s) => released.push(s),
  });
  session.start();

  /** The values of one metric of the gateway's registry, by the value of `label`. */
  const metric = async (name: string, label: string): Promise<Record<string, number>> => {
    const values = (await registry.getSingleMetric(name)!.get()).values;
    return Object.fromEntries(values.map((v) => [String(v.labels[label]), v.value]));
  };
  return {
    bus,
    ctx,
    socket,
    session,
    released,
    dropped: () => metric("wirewatch_gateway_dropped_total", "reason"),
    connections: async () => (await metric("wirewatch_gateway_connections", "dialect"))[dialect.name] ?? 0,
    close: () => bus.close(),
  };
}
