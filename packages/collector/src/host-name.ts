import { hostname } from "node:os";
import { MAX_HOST_LENGTH } from "@wirewatch/protocol";

/**
 * The host name events carry when nothing else is configured: the OS host name made valid for
 * the envelope's `host` field (letters, digits, '.', '_', '-'; at most 64 characters).
 */
export function defaultHostName(raw: string = hostname()): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, MAX_HOST_LENGTH);
  return cleaned.length > 0 ? cleaned : "localhost";
}
