/**
 * Configuration of the `ups` input (`collector.inputs.ups` in the config file): which upsd
 * servers to poll, how often, and with which credentials. This schema is the only definition of
 * these options; @wirewatch/config embeds it through `@wirewatch/collector/inputs-config`.
 *
 * The password is marked `writeOnly` in zod's global metadata (the JSON Schema keyword for
 * secrets): @wirewatch/config's own `secret()` registry cannot be imported from here, so this is
 * the mark it has to recognize to mask the value (see README.md beside this file).
 */
import { hostSchema } from "@wirewatch/protocol";
import { z } from "zod";

/** NUT's default port (IANA "nut"). */
export const NUT_DEFAULT_PORT = 3493;

const upsName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a UPS name is letters, digits, '.', '_' or '-' (as in ups.conf)");

/** One upsd to poll. */
export const upsServerSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .regex(/^[^\s/]+$/, "a host name or IP address, without scheme or path")
      .default("127.0.0.1")
      .describe("Host name or IP address of upsd."),
    port: z.int().min(1).max(65535).default(NUT_DEFAULT_PORT).describe("upsd's TCP port."),
    name: hostSchema
      .optional()
      .meta({ examples: ["nas1"] })
      .describe(
        "Host of this server's events and name of its schedule (ups.<name>); unset: the collector's " +
          "host name for events and host:port for the schedule.",
      ),
    username: z
      .string()
      .min(1)
      .optional()
      .meta({ examples: ["monuser"] })
      .describe("upsd user (upsd.users) sent as USERNAME on connect; most upsd serve variables without one."),
    password: z
      .string()
      .min(1)
      .optional()
      .meta({ writeOnly: true })
      .describe(
        "Password of that user (secret; prefer WIREWATCH_COLLECTOR__INPUTS__UPS__SERVERS__<i>__PASSWORD_FILE).",
      ),
    upses: z
      .array(upsName)
      .min(1)
      .optional()
      .meta({ examples: [["ups"]] })
      .describe("UPS names to poll (as in upsd's ups.conf); unset: every UPS the server lists."),
    starttls: z
      .boolean()
      .default(false)
      .describe("Upgrade the connection with STARTTLS before sending credentials; refused means no data."),
    caFile: z
      .string()
      .startsWith("/", { message: "must be an absolute path (start with /)" })
      .optional()
      .meta({ examples: ["/etc/wirewatch/nut-ca.pem"] })
      .describe("PEM file of the CA that signed upsd's certificate (STARTTLS); unset: the system CAs."),
  })
  .describe("One upsd server.");

function distinctLabels(
  servers: readonly { name?: string | undefined; host: string; port: number }[],
): boolean {
  const labels = servers.map((server) => server.name ?? `${server.host}:${server.port}`);
  return new Set(labels).size === labels.length;
}

/** Configuration of the `ups` input. */
export const upsConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe("Run the ups input (needs a reachable upsd)."),
    servers: z
      .array(upsServerSchema)
      .min(1)
      .refine(distinctLabels, {
        message: "two servers have the same name (or host:port without a name): give each a distinct name",
      })
      .prefault([{}])
      .describe("upsd servers to poll, e.g. [{host: nas1.lan, upses: [ups]}]; default: upsd on this host."),
    intervalMs: z
      .int()
      .min(500)
      .max(3_600_000)
      .default(5_000)
      .describe("Interval of infrastructure.status samples per server, in ms."),
    timeoutMs: z
      .int()
      .min(100)
      .max(60_000)
      .default(3_000)
      .describe("Timeout of each NUT command and of connecting, in ms."),
    reconnectMaxDelayMs: z
      .int()
      .min(100)
      .max(600_000)
      .default(30_000)
      .describe(
        "Longest wait between reconnect attempts to an unreachable upsd (doubling from 500 ms), in ms.",
      ),
  })
  .describe("UPS state from NUT's upsd (network protocol, RFC 9271): infrastructure.status per UPS.");

/** Validated `collector.inputs.ups`. */
export type UpsConfig = z.output<typeof upsConfigSchema>;
/** `collector.inputs.ups` as written in a config file. */
export type UpsConfigInput = z.input<typeof upsConfigSchema>;
export type UpsServerConfig = z.output<typeof upsServerSchema>;
