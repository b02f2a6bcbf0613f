import { CHANNELS, type ChannelSpec, type ChannelsReply, getChannelSpec } from "@wirewatch/protocol";
import { mayRead, type Principal } from "../auth/principal.js";
import type { GatewayBus } from "../bus-port.js";

/**
 * `list_channels` (architecture §4): every registered channel the principal may read, plus the
 * `custom.*` channels this process currently routes, each with the hosts that published to it
 * recently (the distinct hosts among its newest `scanEvents` retained events), sorted.
 */
export async function listChannels(
  bus: GatewayBus,
  principal: Principal,
  activeChannels: readonly string[],
  scanEvents: number,
): Promise<ChannelsReply["channels"]> {
  const specs: ChannelSpec[] = [...CHANNELS];
  for (const name of [...activeChannels].sort()) {
    const spec = getChannelSpec(name);
    if (spec && !specs.some((s) => s.name === name)) specs.push(spec);
  }
  const readable = specs.filter((spec) => mayRead(principal, spec).ok);
  return Promise.all(
    readable.map(async (spec) => ({
      name: spec.name,
      description: spec.description,
      kind: spec.kind,
      hosts: await hostsOf(bus, spec.name, scanEvents),
    })),
  );
}

async function hostsOf(bus: GatewayBus, channel: string, scanEvents: number): Promise<string[]> {
  try {
    const { events } = await bus.history(channel, undefined, scanEvents);
    return [...new Set(events.map((e) => e.host))].sort();
  } catch {
    return [];
  }
}
