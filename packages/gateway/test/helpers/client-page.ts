import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { type LaunchedChromium, launchChromium, type ChromiumPage as Page } from "@wirewatch/testkit";
import { documentedClient } from "./documented-client.js";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
};

/** test/documented-clients/ served over HTTP on a free loopback port. */
interface ServedClients {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the .html and .js files of test/documented-clients/ by name from a node:http server on
 * 127.0.0.1 (a missing file answers 404 naming it; `/favicon.ico` an empty 204, so the browser
 * logs no failed load).
 */
async function serveClients(): Promise<ServedClients> {
  const server = createServer((req, res) => {
    const name = basename(new URL(req.url ?? "/", "http://x").pathname);
    const type = TYPES[name.split(".").pop() ?? ""];
    if (name === "favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    readFile(documentedClient(name))
      .then((body) => res.writeHead(200, { "content-type": type }).end(body))
      .catch((error: Error) => res.writeHead(404, { "content-type": "text/plain" }).end(error.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A documented client's page open in headless Chromium (Debian's, through playwright-core), with
 * what happened recorded: console lines, uncaught page errors, and the WebSocket frames the
 * browser received, exactly as they came off the wire.
 */
export interface ClientPage {
  page: Page;
  console: string[];
  pageErrors: string[];
  /** Text of every WebSocket frame the page received, in order. */
  frames: string[];
  /** Closes the browser (removing its profile) and the HTTP server. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens test/documented-clients/<file> with `?ws=<wsUrl>`: the address the page connects to.
 * Throws naming the file when it, or a script it loads with `src="…"`, is missing.
 */
export async function openClientPage(file: string, wsUrl: string): Promise<ClientPage> {
  const html = await readFile(documentedClient(file), "utf8");
  for (const [, script] of html.matchAll(/<script src="([^"]+)"/g)) documentedClient(script!);
  const served = await serveClients();
  let browser: LaunchedChromium | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const seen: Omit<ClientPage, "page" | "close"> = { console: [], pageErrors: [], frames: [] };
    page.on("console", (message) => seen.console.push(message.text()));
    page.on("pageerror", (error) => seen.pageErrors.push(error.message));
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => seen.frames.push(payload.toString())),
    );
    await page.goto(`${served.url}${file}?ws=${encodeURIComponent(wsUrl)}`);
    const owned = browser;
    let closing: Promise<void> | undefined;
    return {
      page,
      ...seen,
      close() {
        closing ??= owned.close().finally(() => served.close());
        return closing;
      },
    };
  } catch (error) {
    await browser?.close();
    await served.close();
    throw error;
  }
}

/** The text of every element matching `selector`, in document order. */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allTextContents();
}
