// One repetition of bench:exporter: a fresh redis-server, exporter process, publisher and
// node_exporter; for every size, fill hosts, then scrape "quiet" and "live" while measuring the
// exporter's event loop and CPU, and a static server in the exporter process answering the same
// number of bytes ("floor": what the transfer alone costs); then node_exporter scraped the same way.
import { startRedis } from "../../packages/testkit/dist/index.js";
import { percentiles } from "../bus/stats.mjs";
import { nextMessage, spawnChild, stopChild } from "../lib/children.mjs";
import { startNodeExporter } from "../lib/node-exporter.mjs";
import { cpuWindow, sleep } from "../lib/proc.mjs";
import { countSeries, createScraper } from "./scrape-client.mjs";

const ask = (handle, message, type) => {
  const reply = nextMessage(handle.child, type);
  handle.child.send(message);
  return reply;
};

/** `scrapes` scrapes with `pauseMs` between them, measuring CPU of `pids` and, if given, the exporter's loop. */
async function measure(scraper, { scrapes, pauseMs }, pids, exporter) {
  if (exporter) await ask(exporter, { cmd: "eld-reset" }, "eld-reset");
  const cpu = cpuWindow(pids);
  const { times, bytes } = await scraper.series(scrapes, pauseMs);
  const usage = cpu.stop();
  const eld = exporter ? await ask(exporter, { cmd: "eld" }, "eld") : undefined;
  return {
    ...percentiles(times, [50, 99]),
    bytes,
    cpu: usage.perPid[pids[0]],
    other: usage.otherPercent,
    eld,
  };
}

/** Waits until the exporter's scrape holds at least `expected` series; returns the count. */
async function awaitSeries(scraper, expected) {
  let series = 0;
  for (let i = 0; i < 200 && series < expected; i++) {
    series = countSeries((await scraper.scrape({ keepBody: true })).body);
    if (series < expected) await sleep(100);
  }
  if (series < expected) throw new Error(`exporter has ${series} series, expected ${expected}`);
  return series;
}

/**
 * Runs one repetition. Options: `sizes`, `perHost` (series per synthetic host), `scrapes`,
 * `pauseMs`, `periodMs`, `exporterArgs` (node flags of the exporter process), `nodeExporter`
 * (binary), `log(line)`. Resolves with `{ rows, peer }`: a row per size and phase, and
 * node_exporter's `{ series, version, ...measurement }`.
 */
export async function runRep(options) {
  const redis = await startRedis();
  const exporter = await spawnChild(
    new URL("./exporter-app.mjs", import.meta.url),
    [redis.url],
    options.exporterArgs,
  );
  const publisher = await spawnChild(new URL("./publisher.mjs", import.meta.url), [redis.url]);
  const nodeExporter = await startNodeExporter(options.nodeExporter);
  const wirewatch = createScraper(exporter.ready.metricsUrl);
  const peer = createScraper(nodeExporter.url);
  try {
    const rows = [];
    for (const size of options.sizes) {
      const hosts = Math.ceil(size / options.perHost);
      await ask(publisher, { cmd: "fill", hosts }, "filled");
      const series = await awaitSeries(wirewatch, hosts * options.perHost);
      const quiet = await measure(wirewatch, options, [exporter.pid], exporter);
      rows.push({ size, hosts, series, phase: "quiet", ...quiet });
      const { url } = await ask(exporter, { cmd: "floor", bytes: quiet.bytes }, "floor");
      const floorScraper = createScraper(url);
      const floor = await measure(floorScraper, options, [exporter.pid], exporter);
      floorScraper.close();
      rows.push({ size, hosts, series, phase: "floor", ...floor });
      const liveFrom = performance.now();
      await ask(publisher, { cmd: "live", hosts, periodMs: options.periodMs }, "live");
      await sleep(2 * options.periodMs);
      const live = await measure(wirewatch, options, [exporter.pid], exporter);
      const { published } = await ask(publisher, { cmd: "stop" }, "stopped");
      const eventsPerS = published / ((performance.now() - liveFrom) / 1000);
      rows.push({ size, hosts, series, phase: "live", ...live, eventsPerS });
      options.log(`${size} series: quiet p50 ${quiet.p50.toFixed(2)} ms, live p50 ${live.p50.toFixed(2)} ms`);
    }
    const peerSeries = countSeries((await peer.scrape({ keepBody: true })).body);
    const peerResult = await measure(peer, options, [nodeExporter.pid]);
    return { rows, peer: { series: peerSeries, version: nodeExporter.version, ...peerResult } };
  } finally {
    wirewatch.close();
    peer.close();
    await stopChild(publisher);
    await stopChild(exporter);
    nodeExporter.stop();
    await redis.stop();
  }
}
