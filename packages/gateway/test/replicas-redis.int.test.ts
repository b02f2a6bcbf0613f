import { type Bus, createRedisBus, silentLogger, waitForReady } from "@wirewatch/bus";
import { CLOSE_CODES } from "@wirewatch/protocol";
import { type RedisServer, startRedis, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import { type Harness, PUBLISH_TOKEN, READ_TOKEN, startHarness } from "./helpers/harness.js";

/**
 * architecture §1 scaled out: N gateway replicas on one Redis, no sticky sessions. A client sees
 * events published through any replica, and when its replica goes away (1001) it resumes on
 * another one without losing the events published meanwhile.
 */
let redis: RedisServer;
const replicas: Harness[] = [];
const clients: TestClient[] = [];

const redisBus = async (): Promise<Bus> => {
  const bus = createRedisBus({ redisUrl: redis.url, logger: silentLogger, keyPrefix: "gwtest" });
  await waitForReady(bus, 10_000);
  return bus;
};

beforeAll(async () => {
  redis = await startRedis();
  for (const name of ["replica-a", "replica-b"])
    replicas.push(await startHarness({ bus: await redisBus(), hostName: name }));
});
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  for (const r of replicas) await r.close();
  await redis?.stop();
});

describe("gateway replicas over Redis", () => {
  it("delivers across replicas and resumes on another replica after a 1001", async () => {
    const [a, b] = replicas as [Harness, Harness];
    const onA = await connect(`${a.wsUrl}?token=${READ_TOKEN}`);
    clients.push(onA);
    onA.send({ type: "subscribe", channel: "custom.backup" });
    await onA.next(ofType("subscription_ack"));

    const publish = (progress: number) =>
      fetch(`${b.httpUrl}/api/v1/publish`, {
        method: "POST",
        headers: { authorization: `Bearer ${PUBLISH_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ channel: "custom.backup", data: { progress } }),
      });
    expect((await publish(10)).status).toBe(202);
    const first = await onA.next(ofType("custom.backup"));
    expect(first).toMatchObject({ host: "replica-b", data: { progress: 10 } });

    await a.gateway.close();
    const closed = await onA.waitClose();
    expect(closed.code).toBe(CLOSE_CODES.goingAway);
    for (const progress of [20, 30]) expect((await publish(progress)).status).toBe(202);

    const onB = await connect(`${b.wsUrl}?token=${READ_TOKEN}`);
    clients.push(onB);
    onB.send({
      type: "subscribe",
      channel: "custom.backup",
      since: { seq: first.seq as number, epoch: first.epoch as string },
    });
    const resume = await onB.next(ofType("resume"));
    expect(resume).toMatchObject({ recovered: true, from_seq: first.seq, to_seq: (first.seq as number) + 2 });
    const replayed = onB.messages.filter(ofType("custom.backup"));
    expect(replayed.map((m) => [(m.data as { progress: number }).progress, m.recovered])).toEqual([
      [20, true],
      [30, true],
    ]);
    expect((await publish(40)).status).toBe(202);
    await waitFor(() =>
      onB.messages.some((m) => (m.data as { progress?: number } | undefined)?.progress === 40),
    );
  });
});
