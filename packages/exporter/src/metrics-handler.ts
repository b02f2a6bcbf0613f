import type { IncomingMessage, ServerResponse } from "node:http";
import type { Exporter } from "./exporter.js";
import { CONTENT_TYPE } from "./text-format.js";

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
 * series with `instance="<host>"` followed by `append()`'s text.
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
    const own = options.exporter.render({ target });
    const send = (body: string) => {
      res.writeHead(200, { "content-type": CONTENT_TYPE, "content-length": Buffer.byteLength(body) });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (target !== undefined || !options.append) {
      send(own);
      return true;
    }
    Promise.resolve()
      .then(() => options.append!())
      .then(
        (extra) => send(own + extra),
        (err: unknown) => {
          options.onError?.(err);
          send(own);
        },
      );
    return true;
  };
}
