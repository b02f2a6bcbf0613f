import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetricsHandler, SLICE_BYTES } from "../src/index.js";
import { exporterOnBus, statsFixture } from "./helpers.js";

/**
 * The metrics handler on a real node:http server with a body several slices long: every host's
 * bytes arrive intact (chunked), HEAD tells the length without a body, ?target= and methods work.
 */
describe("createMetricsHandler over HTTP", () => {
  let env: Awaited<ReturnType<typeof exporterOnBus>>;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    env = await exporterOnBus();
    const stats = statsFixture();
    for (let i = 0; i < 240; i++) await env.publish({ ...stats, host: `host-${i}` });
    const handler = createMetricsHandler({ exporter: env.exporter, append: () => "wirewatch_test_up 1\n" });
    server = createServer((req, res) => {
      if (!handler(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await env?.close();
  });

  it("sends a multi-slice body whole, chunked, with the appended text last", async () => {
    const expected = `${env.exporter.render()}wirewatch_test_up 1\n`;
    expect(Buffer.byteLength(expected)).toBeGreaterThan(2 * SLICE_BYTES);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(await res.text()).toBe(expected);
  });

  it("keeps concurrent scrapes' bytes apart (slice buffers are reused only once written)", async () => {
    const expected = `${env.exporter.render()}wirewatch_test_up 1\n`;
    const bodies = await Promise.all(
      Array.from({ length: 4 }, async () => (await fetch(`${url}/metrics`)).text()),
    );
    for (const body of bodies) expect(body).toBe(expected);
  });

  it("answers HEAD with the length and no body, ?target= with one host, other methods 405", async () => {
    const head = await fetch(`${url}/metrics`, { method: "HEAD" });
    const expected = `${env.exporter.render()}wirewatch_test_up 1\n`;
    expect(Number(head.headers.get("content-length"))).toBe(Buffer.byteLength(expected));
    expect(await head.text()).toBe("");
    const one = await (await fetch(`${url}/metrics?target=host-7`)).text();
    expect(one).toBe(env.exporter.render({ target: "host-7" }));
    expect(one).toMatch(/^node_load1 \d/m);
    expect(one).not.toContain("wirewatch_test_up");
    expect((await fetch(`${url}/metrics`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });
});

describe("createMetricsHandler's appended text", () => {
  it("is collected once per appendMaxAgeMs, shared by closer scrapes, and a failure is not reused", async () => {
    const env = await exporterOnBus();
    let nowMs = 0;
    let calls = 0;
    let fail = false;
    const handler = createMetricsHandler({
      exporter: env.exporter,
      appendMaxAgeMs: 1000,
      now: () => nowMs,
      append: () => {
        calls++;
        if (fail) throw new Error("collect failed");
        return `wirewatch_test_collections ${calls}\n`;
      },
      onError: () => {},
    });
    const server = createServer((req, res) => {
      if (!handler(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const scrape = async () => (await fetch(url)).text();
    try {
      expect(await scrape()).toContain("wirewatch_test_collections 1");
      nowMs = 999;
      expect(await scrape()).toContain("wirewatch_test_collections 1");
      nowMs = 1000;
      expect(await scrape()).toContain("wirewatch_test_collections 2");
      nowMs = 5000;
      fail = true;
      expect(await scrape()).not.toContain("wirewatch_test_collections");
      fail = false;
      expect(await scrape()).toContain("wirewatch_test_collections 4");
      expect(calls).toBe(4);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await env.close();
    }
  });
});
