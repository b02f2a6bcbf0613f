import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import { waitFor } from "@wirewatch/testkit";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createGateway, createMonServDialect, listenGateway } from "../src/index.js";
import { openClientPage, texts } from "./helpers/client-page.js";
import { closeOnce } from "./helpers/close-once.js";
import { DEFAULT_TOKENS, READ_TOKEN, stats } from "./helpers/harness.js";
import { monservSubscribed, publishRound } from "./helpers/monserv-round.js";
import { ownership, seedUrl, startSeedHarness } from "./helpers/seed-harness.js";

/**
 * architecture §5/§9: MonServ's WebSocket API document tells clients to reconnect 5 s after a close
 * (its Auto-Reconnect section, "server restart" among the reasons) and to log the close's code
 * and reason (its Debugging section). The page doing what its Complete Integration Example does
 * (test/documented-clients/monserv-dashboard.html) does both; here the gateway shuts down under
 * it and a new one starts on the same port, and the page carries on with the new one's data.
 */
const owned = ownership();
afterEach(() => owned.closeAll());

/** A MonServ-only gateway over a fresh MemoryBus, listening on `port` (the restarted server). */
async function gatewayOnPort(port: number) {
  const bus = createMemoryBus({ logger: silentLogger });
  const gateway = createGateway({
    bus,
    hostName: "gw-test",
    auth: { mode: "token", tokens: DEFAULT_TOKENS },
    registry: new Registry(),
    dialects: [createMonServDialect()],
  });
  const listening = await listenGateway(gateway, { host: "127.0.0.1", port });
  return {
    bus,
    gateway,
    async close() {
      await listening.close();
      await bus.close();
    },
  };
}

describe("MonServ's WebSocket API document in Chromium, across a gateway restart", () => {
  it("MonServ document, Auto-Reconnect and Debugging snippets (Complete Integration Example page): logs the 1001 close, says so in red, reconnects 5 s later", async () => {
    const h = await startSeedHarness();
    const { close: stop } = owned.own(closeOnce(h));
    const port = h.listening.port;
    const {
      page,
      console: lines,
      pageErrors,
    } = owned.own(await openClientPage("monserv-dashboard.html", seedUrl(h, "/ws", READ_TOKEN)));
    const status = async () => ({
      text: await page.textContent("#status"),
      color: await page.evaluate(`document.getElementById("status").style.color`),
    });

    await waitFor(async () => (await status()).text === "Connected", { description: "Connected" });
    await monservSubscribed(h);
    await publishRound(h.bus);
    await waitFor(async () => (await texts(page, ".server h3")).length === 2, {
      description: "two server cards",
    });

    await stop();
    const closed = await waitFor(() => lines.find((l) => l.startsWith("closed ")), {
      description: "the close logged",
    });
    const [, code, reason] = /^closed (\d+) (.*)$/.exec(closed)!;
    expect(code).toBe("1001");
    expect(JSON.parse(reason!)).toEqual({ reconnect: true, retry_after_ms: expect.any(Number) });
    expect(await status()).toEqual({ text: "Disconnected - Reconnecting...", color: "red" });

    const again = owned.own(await gatewayOnPort(port));
    await waitFor(async () => (await status()).text === "Connected", {
      timeoutMs: 20_000,
      description: "the page to reconnect to the new gateway",
    });
    expect((await status()).color).toBe("green");
    await waitFor(() => again.gateway.clients().some((c) => c.dialect === "monserv"), {
      description: "the page on the new gateway",
    });
    await again.bus.publish({ channel: "system.stats", host: "nas2", data: stats(40) });
    await waitFor(async () => JSON.stringify(await texts(page, ".server h3")) === '["nas2"]', {
      description: "the new gateway's one server card",
    });
    expect(await texts(page, ".server p")).toEqual(["Memory: 50.0%", "Uptime: 86400s"]);
    expect(pageErrors).toEqual([]);
  });
});
