import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";

/** playwright-core's page type, for packages that drive pages without depending on playwright-core. */
export type ChromiumPage = Page;

/** Debian's Chromium (package `chromium`); playwright-core drives it, no browser is downloaded. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * The flags Chromium runs with here: headless, no sandbox (tests run as root), and nothing that
 * reaches out to the network on its own (the machine's network is closed; without these flags
 * Chromium keeps trying Google's hosts).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Options for {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** The browser binary (default {@link CHROMIUM_PATH}). */
  executablePath?: string;
  /** Extra command-line flags after {@link CHROMIUM_FLAGS}. */
  args?: readonly string[];
  launchTimeoutMs?: number;
}

/** A headless Chromium owned by one test, with its own empty profile. */
export interface LaunchedChromium {
  /** The browser's one (persistent) context: open pages with `newPage()`. */
  readonly context: BrowserContext;
  /** The temporary `--user-data-dir`, removed by `close()`. */
  readonly userDataDir: string;
  newPage(): Promise<ChromiumPage>;
  /** Closes the browser and removes its profile directory. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless through playwright-core with {@link CHROMIUM_FLAGS} and a
 * fresh temporary user-data-dir.
 *
 * Contract: throws an error with code `WW_TESTKIT_NO_CHROMIUM` naming the Debian package when the
 * binary is missing; the profile directory is removed when the launch fails and on `close()`.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<LaunchedChromium> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw Object.assign(
      new Error(
        `${executablePath} not found: install Debian's chromium (apt-get install chromium, or bash scripts/system-deps.sh as root)`,
      ),
      { code: "WW_TESTKIT_NO_CHROMIUM" },
    );
  }
  // Loaded here, not at the top: most users of the testkit never start a browser.
  const { chromium } = await import("playwright-core");
  const userDataDir = await mkdtemp(join(tmpdir(), "wirewatch-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
      timeout: options.launchTimeoutMs ?? 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    context,
    userDataDir,
    newPage: () => context.newPage(),
    close() {
      closing ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(userDataDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}
