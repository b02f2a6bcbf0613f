import { decodeCommand } from "@wirewatch/protocol";
import type { Dialect } from "../dialect.js";

/** The native dialect's path (UMA's). */
export const NATIVE_PATH = "/api/v1/ws";
/** The subprotocol a browser offers beside its `token.<TOKEN>` entry; echoed back. */
export const NATIVE_SUBPROTOCOL = "wirewatch";

/**
 * The native / UMA dialect (architecture §4) on `/api/v1/ws`: events as the bus envelope (`type`,
 * `channel`, `host`, `seq`, `epoch`, `timestamp`, `data`), replies as the protocol's reply
 * types, commands decoded by the protocol's `decodeCommand`. Offers the `wirewatch`
 * subprotocol for browsers that pass their token as `token.<TOKEN>`.
 */
export function createNativeDialect(options: { path?: string } = {}): Dialect {
  return {
    name: "native",
    path: options.path ?? NATIVE_PATH,
    subprotocols: [NATIVE_SUBPROTOCOL],
    unauthorized: "http",
    encode: (event) => JSON.stringify(event),
    encodeReply: (reply) => JSON.stringify(reply),
    decode: (frame) => decodeCommand(frame),
  };
}
