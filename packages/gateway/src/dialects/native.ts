import { decodeCommand } from "@wirewatch/protocol";
import type { Dialect } from "../dialect.js";

/**
 * The native / UMA dialect (DESIGN §4) on `/api/v1/ws`: events as the bus envelope (`type`,
 * `channel`, `host`, `seq`, `epoch`, `timestamp`, `data`), replies as the protocol's reply
 * types, commands decoded by the protocol's `decodeCommand`. Offers the `wirewatch`
 * subprotocol for browsers that pass their token as `token.<TOKEN>`.
 */
export const NATIVE_PATH = "/api/v1/ws";
export const NATIVE_SUBPROTOCOL = "wirewatch";

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
