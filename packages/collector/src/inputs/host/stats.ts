import type { HostStats } from "@wirewatch/protocol";
import type { GatherTask } from "../../collector.js";
import type { InputContext } from "../../registry.js";
import type { HostConfig } from "./config.js";
import type { HostSource } from "./host-source.js";
import { buildStatsPayload, type TimedSample } from "./stats-payload.js";

/**
 * `system.stats` every `statsIntervalMs`: reads stat, meminfo, loadavg, uptime (required) and
 * net/dev, diskstats, sys/kernel/{ostype,osrelease,version} (optional) under `paths.proc`,
 * parses them in the pool (`host.stats`), adds `uname` (machine from the source) and derives
 * rates from the previous successful sample. A failed gather keeps the previous
 * sample, so the next success covers the whole gap.
 */
export function createStatsTask(config: HostConfig, ctx: InputContext, files: HostSource): GatherTask {
  const filters = {
    netDeviceExclude: new RegExp(config.netDeviceExclude),
    diskDeviceExclude: new RegExp(config.diskDeviceExclude),
  };
  let previous: TimedSample | null = null;
  const reader = files.keepOpen();
  return {
    name: "stats",
    intervalMs: config.statsIntervalMs,
    jitterMs: config.jitterMs,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    async gather(acc, signal) {
      const atMs = ctx.clock.now();
      const [stat, meminfo, loadavg, uptime, netDev, diskstats, ostype, osrelease, version] =
        await Promise.all([
          reader.read(files.procPath("stat"), signal),
          reader.read(files.procPath("meminfo"), signal),
          reader.read(files.procPath("loadavg"), signal),
          reader.read(files.procPath("uptime"), signal),
          reader.readOptional(files.procPath("net", "dev"), signal),
          reader.readOptional(files.procPath("diskstats"), signal),
          reader.readOptional(files.procPath("sys", "kernel", "ostype"), signal),
          reader.readOptional(files.procPath("sys", "kernel", "osrelease"), signal),
          reader.readOptional(files.procPath("sys", "kernel", "version"), signal),
        ]);
      reader.endRound();
      const sample = await ctx.runner.runTask(
        "host.stats",
        { stat, meminfo, loadavg, uptime, netDev, diskstats },
        { signal },
      );
      const current: TimedSample = { sample, atMs };
      const uname = {
        sysname: ostype?.text.trim() || null,
        release: osrelease?.text.trim() || null,
        version: version?.text.trim() || null,
        machine: files.machine(),
      };
      // Typed as the protocol's full shape: the compiler keeps every field in place.
      const payload: HostStats = { ...buildStatsPayload(current, previous, filters), uname };
      acc.emit("system.stats", payload, { timestamp: atMs });
      previous = current;
    },
  };
}
