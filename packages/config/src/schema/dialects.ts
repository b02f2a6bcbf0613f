/** The `gateway.dialects` section: the seed products' wire formats (architecture §5) and their extra ports. */
import { z } from "zod";
import { absolutePath, nonEmpty, port, positiveInt } from "./common.js";

const urlPath = (fallback: string) =>
  z
    .string()
    .regex(/^\/\S*$/, { message: "must be a URL path starting with /" })
    .default(fallback)
    .describe("Upgrade path of this dialect on the gateway's port(s).");

const extraPort = (original: number) =>
  port()
    .optional()
    .describe(
      `An extra port this dialect is also served on, for clients that hard-code the original product's port (${original}); unset: the gateway's port only.`,
    );

const enabled = () => z.boolean().default(true).describe("Serve this dialect.");

const monservSchema = z
  .strictObject({
    enabled: enabled(),
    path: urlPath("/ws"),
    port: extraPort(18904),
    staleAfterMs: positiveInt()
      .default(300_000)
      .describe("A host that reported nothing for this long leaves metrics_update."),
  })
  .describe("MonServ: push-only metrics_update and alert frames on /ws.");

const nzbflowSchema = z
  .strictObject({ enabled: enabled(), path: urlPath("/"), port: extraPort(3001) })
  .describe(
    "NZB Flow: jobs as queue-update, command-progress and task-finished on / (needs an admin token).",
  );

const tvheadendSchema = z
  .strictObject({
    enabled: enabled(),
    path: urlPath("/comet/ws"),
    port: extraPort(9981),
    diskspacePath: absolutePath()
      .default("/")
      .describe("diskspaceUpdate reports the filesystem holding this path."),
    diskspaceHost: nonEmpty()
      .optional()
      .describe("Host whose filesystem diskspaceUpdate reports; unset: every host's."),
    batchIntervalMs: positiveInt().default(1000).describe('Interval of the {"messages":[…]} batches.'),
    mailboxTtlMs: positiveInt()
      .default(60_000)
      .describe("How long a disconnected client's mailbox waits for it to reconnect with ?boxid=."),
  })
  .describe("Tvheadend: batched comet notifications on /comet/ws.");

export const dialectsSchema = z
  .strictObject({
    monserv: monservSchema.prefault({}),
    nzbflow: nzbflowSchema.prefault({}),
    tvheadend: tvheadendSchema.prefault({}),
  })
  .describe("Wire formats of the products wirewatch was specified from; the native one is gateway.path.");

export type DialectsConfig = z.infer<typeof dialectsSchema>;
