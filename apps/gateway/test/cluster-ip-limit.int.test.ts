import { createClient } from "@wirewatch/client";
import { type Cluster, startCluster, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AddressedClient } from "./helpers/addressed-client.js";

/**
 * Issue 14, defect 6: per-IP limits behind nginx. nginx (127.0.0.1, every replica's only
 * `gateway.trustedProxies` entry) forwards clients from three loopback addresses; each replica
 * allows LIMIT connections per address. 127.0.0.2 has 15 clients (5 per replica), the others 9.
 * A replica is SIGKILLed: its clients come back through nginx, and the two survivors hold at most
 * 2 × LIMIT = 12 of 127.0.0.2's 15, so at least 3 of them must be refused (pigeonhole), while
 * 127.0.0.3/.4 (9 each) fit — they are never refused unless addresses are mixed up. A refused
 * client must be told to try again later with a hint (close 1013 `retry_after_ms`: nginx takes a
 * per-replica 503 for a failed replica, and browsers cannot read an HTTP status) and wait at
 * least that long; once 5 of 127.0.0.2's clients leave, every displaced client is back.
 */
const LIMIT = 6;
const CROWD = { "127.0.0.2": 15, "127.0.0.3": 9, "127.0.0.4": 9 } as const;
const BUSY = "127.0.0.2";
const CHANNEL = "custom.limits";

let cluster: Cluster;
const clients: AddressedClient[] = [];

beforeAll(async () => {
  cluster = await startCluster({
    replicas: 3,
    collectors: 0,
    env: { WIREWATCH_GATEWAY__MAX_CONNECTIONS_PER_IP: String(LIMIT) },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

describe("cluster: per-IP limits behind nginx", () => {
  it("counts forwarded addresses; displaced clients over a limit are told when to retry and all come back", async () => {
    for (const [address, count] of Object.entries(CROWD)) {
      for (let i = 0; i < count; i++) {
        const c = new AddressedClient(address, { url: cluster.nginxUrl, token: cluster.token });
        clients.push(c);
        await c.client.subscribe(CHANNEL); // one at a time: nginx's round robin spreads each address evenly
      }
    }
    expect(clients.flatMap((c) => c.refusals())).toEqual([]);

    const killedAt = Date.now();
    expect((await cluster.replicas[0]!.kill("SIGKILL")).signal).toBe("SIGKILL");
    const busy = clients.filter((c) => c.localAddress === BUSY);
    // 15 clients, room for 12: at least 3 are refused, and refused again while nothing leaves
    await waitFor(() => busy.filter((c) => c.refusals().length >= 2).length >= 3, {
      timeoutMs: 40_000,
      intervalMs: 100,
      description: `3 clients of ${BUSY} refused twice`,
    });
    const displaced = clients.filter((c) => c.closes.some((x) => x.wasOpen && x.at >= killedAt));
    expect(displaced.length).toBeGreaterThanOrEqual(CROWD[BUSY] / 3);

    // The refusal says "try again later, in N ms", and the client waited at least that long.
    const refusals = clients.flatMap((c) => c.refusals());
    for (const refusal of refusals) {
      expect([refusal.code, refusal.httpStatus]).toEqual([1013, undefined]);
      const hint = JSON.parse(refusal.reason) as { retry_after_ms?: number };
      expect(hint.retry_after_ms).toBeGreaterThanOrEqual(1000);
      if (refusal.retryDelayMs !== undefined)
        expect(refusal.retryDelayMs).toBeGreaterThanOrEqual(hint.retry_after_ms!);
    }
    // Only the address over its limit was refused: each client is counted by its own address.
    expect(new Set(clients.filter((c) => c.refusals().length > 0).map((c) => c.localAddress))).toEqual(
      new Set([BUSY]),
    );

    // Five of the busy address's connected clients leave: the refused ones get in.
    const leaving = busy.filter((c) => c.refusals().length === 0 && c.client.state === "open").slice(0, 5);
    expect(leaving).toHaveLength(5);
    await Promise.all(leaving.map((c) => c.close()));
    const staying = clients.filter((c) => !leaving.includes(c));
    await waitFor(async () => (await Promise.all(staying.map((c) => c.live()))).every(Boolean), {
      timeoutMs: 40_000,
      intervalMs: 250,
      description: "every remaining client connected again",
    });
    for (const c of displaced.filter((c) => !leaving.includes(c))) expect(await c.live()).toBe(true);

    // What the survivors counted, from their own gateway.clients lists.
    const counts = await addressCountsPerReplica(cluster);
    for (const perAddress of counts.values()) {
      for (const n of perAddress.values()) expect(n).toBeLessThanOrEqual(LIMIT);
    }
    const total = (address: string) => [...counts.values()].reduce((s, m) => s + (m.get(address) ?? 0), 0);
    expect(total(BUSY)).toBe(CROWD[BUSY] - leaving.length);
    expect(total("127.0.0.3")).toBe(CROWD["127.0.0.3"]);
    expect(total("127.0.0.4")).toBe(CROWD["127.0.0.4"]);
    expect(cluster.unexpectedExits()).toEqual([]);
  }, 120_000);
});

/**
 * Each surviving replica's open connections per client address, from `gateway.clients` (a
 * replica publishes it only while one of its own sockets subscribes: one admin client connects
 * to each survivor directly, from 127.0.0.1).
 */
async function addressCountsPerReplica(cluster: Cluster): Promise<Map<string, Map<string, number>>> {
  const latest = new Map<string, { address: string }[]>();
  const survivors = cluster.replicas.slice(1);
  const admins = survivors.map((r) => createClient({ url: r.url, token: cluster.token, WebSocket }));
  try {
    await Promise.all(
      admins.map((admin) =>
        admin.subscribe("gateway.clients", (event) => {
          latest.set(event.host, (event.data as { clients: { address: string }[] }).clients);
        }),
      ),
    );
    const expected = Object.values(CROWD).reduce((a, b) => a + b, 0) - 5 + admins.length;
    await waitFor(
      () => survivors.reduce((sum, r) => sum + (latest.get(r.name)?.length ?? 0), 0) === expected,
      { timeoutMs: 20_000, intervalMs: 100, description: "gateway.clients of both survivors" },
    );
  } finally {
    await Promise.all(admins.map((admin) => admin.close()));
  }
  return new Map(
    survivors.map((r) => {
      const perAddress = new Map<string, number>();
      for (const { address } of latest.get(r.name) ?? [])
        perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      return [r.name, perAddress];
    }),
  );
}
