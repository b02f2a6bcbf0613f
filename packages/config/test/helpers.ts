/** Test helpers: a temporary directory per test for config and secret files. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { ConfigError, type LoadConfigOptions, loadConfig } from "../src/index.js";

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ww-config-"));
  dirs.push(dir);
  return dir;
}

/** Writes `text` to `name` in a fresh temporary directory and returns the file's path. */
export function writeTemp(name: string, text: string, dir: string = tempDir()): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Host name used instead of the machine's, so results do not depend on where tests run. */
export const TEST_HOST = "test-host";

/** `loadConfig` with an empty environment and a fixed host name unless given. */
export function load(options: LoadConfigOptions = {}) {
  return loadConfig({ env: {}, defaults: { hostname: () => TEST_HOST }, ...options });
}

/** The `ConfigError` thrown by `loadConfig`; fails the test when nothing is thrown. */
export function loadError(options: LoadConfigOptions = {}): ConfigError {
  try {
    load(options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected loadConfig to throw a ConfigError");
}
