import { type RedisServer, startRedis } from "@wirewatch/testkit";
import { type Bus, createRedisBus, type RedisBusOptions, waitForReady } from "../src/index.js";
import type { BusHarness, MakeHarness } from "./contract.js";
import { recordingLogger } from "./recording-logger.js";

export { recordingLogger };

/** Counts the bus connections a Redis server has open (they are named `wirewatch-bus-*`). */
export async function busConnections(server: RedisServer): Promise<number> {
  const list = await server.cli(["client", "list"]);
  return list.split("\n").filter((line) => /name=wirewatch-bus-/.test(line)).length;
}

let prefixCounter = 0;

/** A bus contract harness on one test's Redis server: a fresh key prefix and empty data per test. */
export function redisHarness(
  server: () => RedisServer,
  extra: Partial<RedisBusOptions> = {},
): MakeHarness & { startServer: () => Promise<RedisServer> } {
  const make: MakeHarness = async ({ historyMaxLen, historyMaxBytes }): Promise<BusHarness> => {
    await server().cli(["flushall"]);
    const keyPrefix = `t${++prefixCounter}`;
    const buses: Bus[] = [];
    return {
      async connect(options = {}) {
        const bus = createRedisBus({
          redisUrl: server().url,
          keyPrefix,
          historyMaxLen,
          historyMaxBytes,
          logger: recordingLogger(),
          ...extra,
          ...options,
        });
        buses.push(bus);
        await waitForReady(bus, 10_000);
        return bus;
      },
      async loseHistory() {
        await server().cli(["flushall"]);
      },
      openConnections: () => busConnections(server()),
      async teardown() {
        await Promise.all(buses.map((bus) => bus.close()));
      },
    };
  };
  return Object.assign(make, { startServer: () => startRedis() });
}
