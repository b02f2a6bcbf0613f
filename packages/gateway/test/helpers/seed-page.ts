import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type LaunchedChromium, launchChromium, type ChromiumPage as Page } from "@wirewatch/testkit";

/** An HTML page served over HTTP on a loopback port (OS-assigned, free). */
export interface ServedPage {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `html` at `/` from a node:http server on 127.0.0.1; `/favicon.ico` is an empty 204 (so the
 * browser logs no failed load), anything else 404.
 */
export async function serveHtml(html: string): Promise<ServedPage> {
  const server = createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (req.url !== "/") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
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
 * A seed document's HTML page open in headless Chromium (Debian's, through playwright-core), with
 * what it did recorded: console lines, uncaught page errors, and the WebSocket frames the browser
 * received, exactly as they came off the wire.
 */
export interface SeedPage {
  page: Page;
  console: string[];
  pageErrors: string[];
  /** Text of every WebSocket frame the page received, in order. */
  frames: string[];
  /** Closes the browser (removing its profile) and the HTTP server. Safe to call twice. */
  close(): Promise<void>;
}

export async function openSeedPage(html: string): Promise<SeedPage> {
  const served = await serveHtml(html);
  let browser: LaunchedChromium | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const seen: Omit<SeedPage, "page" | "close"> = { console: [], pageErrors: [], frames: [] };
    page.on("console", (message) => seen.console.push(message.text()));
    page.on("pageerror", (error) => seen.pageErrors.push(error.message));
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => seen.frames.push(payload.toString())),
    );
    await page.goto(served.url);
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
