/**
 * @wirewatch/nut — a client for NUT's network protocol (upsd, RFC 9271). See README.md.
 */
export { createNutClient, type NutClient } from "./client.js";
export {
  isStaleError,
  NUT_CLIENT_ERROR_CODES,
  NUT_SERVER_ERROR_CODES,
  type NutClientErrorCode,
  NutError,
  type NutErrorCode,
  type NutServerErrorCode,
} from "./errors.js";
export { createLineReader, type LineReader, type LineReaderOptions } from "./line-reader.js";
export type {
  NutClientOptions,
  NutClientStats,
  NutState,
  NutTlsOptions,
  RequestOptions,
  UpsEntry,
} from "./options.js";
export { formatArg, quote, splitWords, unquote } from "./quote.js";
export { reconnectDelayMs } from "./reconnector.js";
