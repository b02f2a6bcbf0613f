// The scraping side of bench:exporter: one keep-alive HTTP connection per target, as Prometheus
// keeps one, timing each GET from the request to the last body byte.
import { Agent, request } from "node:http";
import { sleep } from "../lib/proc.mjs";

/**
 * A scraper of `url` (a /metrics URL). `scrape({ keepBody })` resolves with `{ ms, bytes,
 * status, body? }`: `ms` is request start → last byte (connection reused), `body` only when
 * asked (reading it costs the client time). Identity encoding: neither side compresses.
 */
export function createScraper(url) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const scrape = ({ keepBody = false } = {}) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(url, { agent, headers: { "accept-encoding": "identity" } }, (res) => {
        let bytes = 0;
        const chunks = [];
        res.on("data", (chunk) => {
          bytes += chunk.length;
          if (keepBody) chunks.push(chunk);
        });
        res.on("end", () => {
          const ms = performance.now() - started;
          const body = keepBody ? Buffer.concat(chunks).toString() : undefined;
          resolve({ ms, bytes, status: res.statusCode, body });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  return {
    scrape,
    /** `count` scrapes one after another with `pauseMs` between them; resolves with their times (ms). */
    async series(count, pauseMs) {
      const times = [];
      let bytes = 0;
      for (let i = 0; i < count; i++) {
        const r = await scrape();
        if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status}`);
        times.push(r.ms);
        bytes = r.bytes;
        await sleep(pauseMs);
      }
      return { times, bytes };
    },
    close: () => agent.destroy(),
  };
}

/** Sample lines (series) in exposition text. */
export const countSeries = (text) => text.split("\n").filter((line) => line !== "" && line[0] !== "#").length;
