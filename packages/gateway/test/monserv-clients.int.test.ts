import { afterEach, describe, expect, it } from "vitest";
import { type ClientProcess, runNodeClient, runPythonClient } from "./helpers/client-process.js";
import { closeOnce } from "./helpers/close-once.js";
import { READ_TOKEN } from "./helpers/harness.js";
import { FIRING, monservSubscribed, publishAlert, publishRound, RESOLVED } from "./helpers/monserv-round.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";

/**
 * architecture §5/§9, issue 8: clients written for MonServ work against wirewatch's `/ws` with nothing
 * changed but the address, which gains the token as the security section of MonServ's WebSocket
 * API document shows (`?token=`). Each test runs a client from test/documented-clients/ doing
 * what the document's Node.js or Python example does (node with `ws`; Debian's /usr/bin/python3
 * with python3-websockets) and compares what it read with what was published. The browser
 * examples are in monserv-pages.int.test.ts.
 */
const owned = ownership();
afterEach(() => owned.closeAll());

/**
 * One polling round, an alert and its recovery, then a gateway shutdown (1001): the client
 * `start` runs must have read each of them and then ended cleanly.
 */
async function watchesRoundAndAlerts(start: (url: string) => ClientProcess): Promise<void> {
  const h = await startSeedHarness();
  const { close: stop } = owned.own(closeOnce(h));
  const client = owned.own(start(seedUrl(h, "/ws", READ_TOKEN)));

  await client.reported((r) => r.opened === true, "the client to connect");
  await monservSubscribed(h);
  await publishRound(h.bus);
  await client.reported((r) => r.servers === 2, "a metrics_update with both servers");
  await publishAlert(h.bus, FIRING);
  await publishAlert(h.bus, RESOLVED);
  await client.reported((r) => r.subject === RESOLVED.subject, "the recovery");

  await stop();
  expect(await client.exited()).toBe(0);
  expect(client.reports()).toEqual([
    { opened: true },
    // One update per polling round (a newer system.stats): nas1 first, then nas1 and scadanas.
    { type: "metrics_update", servers: 1 },
    { type: "metrics_update", servers: 2 },
    { type: "alert", subject: FIRING.subject },
    { type: "alert", subject: RESOLVED.subject },
    { closed: 1001 },
  ]);
  expect(client.stderr()).toBe("");
}

describe("MonServ's WebSocket API document", () => {
  it("MonServ document, Node.js example: counts the servers of every metrics_update, prints alert and recovery subjects, ends on close", () =>
    watchesRoundAndAlerts((url) => runNodeClient("monserv-node-client.cjs", [url])));

  it("MonServ document, Python example: counts the servers of every metrics_update, prints alert and recovery subjects, ends on close", () =>
    watchesRoundAndAlerts((url) => runPythonClient("monserv-python-client.py", [url])));
});
