import type { IncomingMessage, ServerResponse } from "node:http";
import type { Exporter } from "./exporter.js";
import { sendRendering } from "./send-rendering.js";

const EMPTY = Buffer.alloc(0);

export interface MetricsHandlerOptions {
  exporter: Exporter;
  /** Default `/metrics`. */
  path?: string;
  /**
   * More exposition text appended to an all-hosts scrape (not to `?target=`), e.g. the
   * runtime registry's `wirewatch_*`, `process_*`: `() => metrics.registry.metrics()`.
   */
  append?: () => Promise<string> | string;
  /** Called when `append` fails; the scrape still answers with the exporter's series. */
  onError?: (err: unknown) => void;
  /**
   * How long `append`'s text is reused (default 1000 ms; 0 calls it on every scrape).
   * Collecting the process's own metrics (heap spaces, open fds, …) costs ~2 ms, as much as
   * rendering 5k series; scrapes closer together than this share one collection (and one
   * in-flight collection), so the appended `wirewatch_*` / `process_*` values are at most this old.
   */
  appendMaxAgeMs?: number;
  /** Clock for `appendMaxAgeMs`; injectable for tests. */
  now?: () => number;
}

/**
 * An HTTP handler for `GET|HEAD <path>[?target=<host>]`, in the shape node:http servers and
 * the gateway's `extraHandlers` take: returns false for other paths, answers 405 for other
 * methods. `?target=` selects one host's series (without `instance`); absent, every host's
 * series with `instance="<host>"` followed by `append()`'s text. The exporter's part is a
 * snapshot taken when the request arrives, sent in slices while `append()` runs (see
 * `sendRendering`).
 */
export function createMetricsHandler(options: MetricsHandlerOptions) {
  const path = options.path ?? "/metrics";
  const maxAgeMs = options.appendMaxAgeMs ?? 1000;
  const now = options.now ?? Date.now;
  let cached: { atMs: number; text: Promise<Buffer> } | undefined;
  const appended = (append: () => Promise<string> | string): Promise<Buffer> => {
    const t = now();
    if (cached && t - cached.atMs < maxAgeMs) return cached.text;
    const text = Promise.resolve()
      .then(append)
      .then(
        (extra) => Buffer.from(extra),
        (err: unknown) => {
          options.onError?.(err);
          cached = undefined; // a failure is not reused
          return EMPTY;
        },
      );
    cached = maxAgeMs > 0 ? { atMs: t, text } : undefined;
    return text;
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    const target = url.searchParams.get("target") ?? undefined;
    const own = options.exporter.snapshot({ target });
    const append = options.append;
    const trailer = target !== undefined || !append ? EMPTY : appended(append);
    sendRendering(res, own, trailer, req.method === "HEAD");
    return true;
  };
}
