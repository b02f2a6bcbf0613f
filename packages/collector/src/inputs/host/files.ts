import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { CollectorError } from "../../errors.js";
import type { FileText } from "./parse/composite.js";

/**
 * Reads the host's files under the configured roots. Required files that are missing or
 * unreadable raise `WW_COLLECTOR_READ` naming the path; optional ones return null when absent
 * (ENOENT/ENOTDIR — e.g. no /proc/mdstat without the md driver). Reads honour the gather's
 * deadline signal.
 */
export interface HostFiles {
  procPath(...parts: string[]): string;
  sysPath(...parts: string[]): string;
  rootPath(...parts: string[]): string;
  read(path: string, signal: AbortSignal): Promise<FileText>;
  readOptional(path: string, signal: AbortSignal): Promise<FileText | null>;
  /** Directory entries, or [] when the directory does not exist. */
  list(path: string): Promise<string[]>;
}

const ABSENT = new Set(["ENOENT", "ENOTDIR"]);
/** Gone between listing and reading (a process that exited). */
export const VANISHED = new Set(["ENOENT", "ESRCH", "ENOTDIR"]);

export function errnoOf(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

export function createHostFiles(paths: { proc: string; sys: string; root: string }): HostFiles {
  const read = async (path: string, signal: AbortSignal): Promise<FileText> => {
    try {
      return { path, text: await readFile(path, { encoding: "utf8", signal }) };
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      const code = errnoOf(err);
      throw new CollectorError(
        "WW_COLLECTOR_READ",
        `${path}: ${code === "ENOENT" ? "not found" : (code ?? String(err))}`,
        {
          file: path,
          cause: err,
        },
      );
    }
  };
  return {
    procPath: (...parts) => join(paths.proc, ...parts),
    sysPath: (...parts) => join(paths.sys, ...parts),
    rootPath: (...parts) => join(paths.root, ...parts),
    read,
    async readOptional(path, signal) {
      try {
        return await read(path, signal);
      } catch (err) {
        if (err instanceof CollectorError && ABSENT.has(errnoOf(err.cause) ?? "")) return null;
        throw err;
      }
    },
    async list(path) {
      try {
        return await readdir(path);
      } catch (err) {
        if (ABSENT.has(errnoOf(err) ?? "")) return [];
        throw new CollectorError("WW_COLLECTOR_READ", `${path}: ${errnoOf(err) ?? String(err)}`, {
          file: path,
          cause: err,
        });
      }
    },
  };
}
