import type { GatewayOptions } from "../../src/index.js";
import {
  createMonServDialect,
  createNativeDialect,
  createNzbFlowDialect,
  createTvheadendDialect,
} from "../../src/index.js";
import { type Harness, startHarness } from "./harness.js";

/**
 * A harness gateway serving every dialect on its one port (architecture §5): native on `/api/v1/ws`,
 * MonServ on `/ws`, NZB Flow on `/`, Tvheadend on `/comet/ws` (batching every
 * `batchIntervalMs`, default 50 ms to keep tests short).
 */
export function startSeedHarness(
  options: Partial<GatewayOptions> & { batchIntervalMs?: number } = {},
): Promise<Harness> {
  const { batchIntervalMs = 50, ...rest } = options;
  return startHarness({
    dialects: [
      createNativeDialect(),
      createMonServDialect(),
      createNzbFlowDialect(),
      createTvheadendDialect({ batchIntervalMs }),
    ],
    ...rest,
  });
}

/** `ws://127.0.0.1:PORT<path>?token=<token>`: the address a seed example is pointed at. */
export function seedUrl(h: Harness, path: string, token: string): string {
  return `ws://127.0.0.1:${h.listening.port}${path}?token=${token}`;
}

/**
 * What one test started (harness, child processes, browsers, servers): `own` it when it starts,
 * `closeAll` in afterEach closes everything, newest first, even when one close fails.
 */
export function ownership(): {
  own<T extends { close(): Promise<void> }>(resource: T): T;
  closeAll(): Promise<void>;
} {
  let owned: { close(): Promise<void> }[] = [];
  return {
    own(resource) {
      owned.push(resource);
      return resource;
    },
    async closeAll() {
      const list = owned.reverse();
      owned = [];
      let failure: unknown;
      for (const resource of list) {
        try {
          await resource.close();
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}
