import { readFileSync } from "node:fs";
import type { RequestOptions, UpsEntry } from "@wirewatch/nut";
import { errorText } from "@wirewatch/protocol";
import { CollectorError } from "../../errors.js";
import type { UpsConfig, UpsServerConfig } from "./config.js";

/** What the input needs from a NUT connection (the client of @wirewatch/nut, or a test double). */
export interface NutSource {
  listUps(options?: RequestOptions): Promise<UpsEntry[]>;
  listVars(ups: string, options?: RequestOptions): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** Makes the source of one server, on its schedule's first gather. */
export type NutSourceFactory = (server: UpsServerConfig, config: UpsConfig) => NutSource | Promise<NutSource>;

/**
 * The real thing: one @wirewatch/nut client per server (credentials and STARTTLS from config).
 * The client library is imported here, when the first gather needs a connection, so a process
 * that does not run the ups input never loads it.
 */
export const nutClientSource: NutSourceFactory = async (server, config) => {
  const { createNutClient } = await import("@wirewatch/nut");
  return createNutClient({
    host: server.host,
    port: server.port,
    username: server.username,
    password: server.password,
    timeoutMs: config.timeoutMs,
    reconnect: {
      minDelayMs: Math.min(500, config.reconnectMaxDelayMs),
      maxDelayMs: config.reconnectMaxDelayMs,
    },
    ...(server.starttls
      ? { tls: { starttls: true, ...(server.caFile ? { ca: readCa(server.caFile) } : {}) } }
      : {}),
  });
};

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new CollectorError("WW_COLLECTOR_READ", `cannot read caFile ${file}: ${errorText(err)}`, {
      file,
      cause: err,
    });
  }
}
