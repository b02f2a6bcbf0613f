/**
 * The `collector` section: identity of the sampled host, where its kernel interfaces are
 * mounted, which inputs run and how often, and the parser worker pool.
 */
import { hostname } from "node:os";
import { z } from "zod";
import { absolutePath, nonEmpty, positiveInt, runtimeDefault } from "./common.js";

const pathsSchema = z
  .strictObject({
    proc: absolutePath().default("/proc").describe("Mount point of procfs (e.g. /host/proc in a container)."),
    sys: absolutePath().default("/sys").describe("Mount point of sysfs."),
    root: absolutePath().default("/").describe("Root filesystem of the host, for storage usage."),
  })
  .describe("Where the host's kernel interfaces are mounted.");

const hostInputSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Sample this host."),
    statsIntervalMs: positiveInt().default(1000).describe("Interval of system.stats samples."),
    processesIntervalMs: positiveInt().default(5000).describe("Interval of system.processes samples."),
    storageIntervalMs: positiveInt().default(10000).describe("Interval of storage.status samples."),
    topProcesses: positiveInt().max(1000).default(10).describe("Processes listed by memory and by CPU."),
  })
  .describe("The local host: CPU, memory, network, processes, filesystems.");

const inputsSchema = z
  .strictObject({
    host: hostInputSchema.prefault({}),
  })
  .describe("Inputs (collectors) and their settings.");

const workersSchema = z
  .strictObject({
    maxThreads: positiveInt().max(256).default(2).describe("Worker threads parsing samples."),
  })
  .describe("Parser worker pool (Piscina).");

export const collectorSchema = z
  .strictObject({
    hostname: runtimeDefault(nonEmpty(), "this machine's hostname")
      .default(() => hostname())
      .describe("Name of this host in events (the `host` field)."),
    paths: pathsSchema.prefault({}),
    inputs: inputsSchema.prefault({}),
    workers: workersSchema.prefault({}),
  })
  .describe("Collectors: what is sampled and how often.");

export type CollectorConfig = z.infer<typeof collectorSchema>;
