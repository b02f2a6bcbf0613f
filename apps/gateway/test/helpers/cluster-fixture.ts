import type { PublishLog } from "./rate-publisher.js";
import { StreamClient } from "./stream-client.js";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` clients (in batches of 50) and resolves once each has its subscriptions acked. */
export async function openClients(
  count: number,
  options: { url: string; token: string; channels: readonly string[] },
): Promise<StreamClient[]> {
  const clients: StreamClient[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => new StreamClient(options));
    clients.push(...batch);
    await Promise.all(batch.map((c) => c.start()));
  }
  return clients;
}

/** The newest acknowledged event: the last epoch's highest seq. */
export function lastAcked(log: PublishLog): { seq: number; epoch: string } {
  const last = log.acked.at(-1);
  if (!last) throw new Error("nothing was published");
  const seq = Math.max(...log.acked.filter((a) => a.epoch === last.epoch).map((a) => a.seq));
  return { seq, epoch: last.epoch };
}

/** Waits until every client has seen `point` (its last event of `channel` is at or past it). */
export async function allCaughtUp(
  clients: readonly StreamClient[],
  channel: string,
  point: { seq: number; epoch: string },
  timeoutMs = 15_000,
): Promise<void> {
  const done = (c: StreamClient) => {
    const at = c.lastPoint(channel);
    return at !== undefined && at.epoch === point.epoch && at.seq >= point.seq;
  };
  const deadline = Date.now() + timeoutMs;
  while (!clients.every(done)) {
    if (Date.now() > deadline) {
      const behind = clients.filter((c) => !done(c));
      const sample = behind.slice(0, 3).map((c) => ({ last: c.lastPoint(channel), upstreams: c.upstreams }));
      throw new Error(
        `${behind.length} of ${clients.length} clients did not reach ${JSON.stringify(point)}: ${JSON.stringify(sample)}`,
      );
    }
    await sleep(50);
  }
}

/** Clients grouped by the replica (`HOST:PORT`) their current connection is on. */
export function byUpstream(clients: readonly StreamClient[]): Map<string, StreamClient[]> {
  const groups = new Map<string, StreamClient[]>();
  for (const c of clients) {
    const key = c.upstream ?? "unknown";
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}
