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
    const trailer =
      target !== undefined || !append
        ? EMPTY
        : Promise.resolve()
            .then(append)
            .then(
              (extra) => Buffer.from(extra),
              (err: unknown) => {
                options.onError?.(err);
                return EMPTY;
              },
            );
    sendRendering(res, own, trailer, req.method === "HEAD");
    return true;
  };
}
