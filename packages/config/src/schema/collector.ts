/**
 * The `collector` section: identity of the sampled host, the inputs and their settings, and the
 * parser worker pool. The inputs' options are not defined here: each input's schema lives in its
 * folder in @wirewatch/collector (`src/inputs/<name>/config.ts`, with its README), and
 * `@wirewatch/collector/inputs-config` gathers them — a light module (zod and
 * @wirewatch/protocol only) that does not load the collector itself.
 */
import { hostname } from "node:os";
import { inputsConfigSchema } from "@wirewatch/collector/inputs-config";
import { z } from "zod";
import { nonEmpty, positiveInt, runtimeDefault } from "./common.js";

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
    inputs: inputsConfigSchema.prefault({}),
    workers: workersSchema.prefault({}),
  })
  .describe("Collectors: what is sampled and how often.");

export type CollectorConfig = z.infer<typeof collectorSchema>;
