import type { Bus } from "../src/index.js";
import { createMemoryBroker, createMemoryBus, silentLogger } from "../src/index.js";
import { runBusContract } from "./contract.js";

runBusContract("MemoryBus", async ({ historyMaxLen }) => {
  let broker = createMemoryBroker({ historyMaxLen });
  const buses: Bus[] = [];
  return {
    async connect(options = {}) {
      const bus = createMemoryBus({ broker, logger: silentLogger, ...options });
      buses.push(bus);
      return bus;
    },
    async loseHistory() {
      broker = createMemoryBroker({ historyMaxLen });
    },
    async teardown() {
      await Promise.all(buses.map((bus) => bus.close()));
    },
  };
});
