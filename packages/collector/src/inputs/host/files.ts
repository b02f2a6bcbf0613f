import { readFileSync } from "node:fs";
import { readdir, statfs } from "node:fs/promises";
import { machine } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { CollectorError } from "../../errors.js";
import { createHeldFiles, isKernelFs } from "./held-files.js";
import type { HostSource, RoundReader } from "./host-source.js";
import type { FileText } from "./parse/composite.js";

/** Files read synchronously between two yields to the event loop. */
export const READS_PER_YIELD = 32;
/** Synchronous read time (ms) after which the next read yields to the event loop first. */
export const MAX_SYNC_MS = 2;

/**
 * Admits synchronous reads in small batches: once a batch is used up, every caller waits on one
 * shared `setImmediate` (so a batch of concurrent callers yields once, not once each) and then
 * re-checks, so callers resumed after the yield still take at most one batch before the next.
 */
function createReadGate(): () => Promise<void> | undefined {
  let count = 0;
  let startedMs = 0;
  let pending: Promise<void> | null = null;
  const exhausted = () => count >= READS_PER_YIELD || performance.now() - startedMs >= MAX_SYNC_MS;
  const yieldOnce = (): Promise<void> => {
    pending ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        pending = null;
        count = 0;
        startedMs = performance.now();
        resolve();
      });
    });
    return pending;
  };
  const admit = (): void => {
    if (count === 0) startedMs = performance.now();
    count += 1;
  };
  const wait = async (): Promise<void> => {
    do await yieldOnce();
    while (pending !== null || exhausted());
    admit();
  };
  // Fast path without a promise: the caller reads at once when the batch has room.
  return () => {
    if (pending === null && (count === 0 || !exhausted())) {
      admit();
      return undefined;
    }
    return wait();
  };
}

/** Not there (an optional file: null, not an error). */
export const ABSENT = new Set(["ENOENT", "ENOTDIR"]);
/** Gone between listing and reading (a process that exited). */
export const VANISHED = new Set(["ENOENT", "ESRCH", "ENOTDIR"]);

export function errnoOf(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/**
 * This machine's {@link HostSource}: files under the configured roots (`paths`).
 *
 * procfs/sysfs files are small and served from kernel memory, so they are read synchronously
 * (`readFileSync`: ~20 µs of CPU per file against ~150 µs for the five threadpool hops of
 * `fs.promises.readFile`). To keep the shared event loop responsive, reads go through a gate
 * that yields (`setImmediate`) after every {@link READS_PER_YIELD} files or
 * {@link MAX_SYNC_MS} of synchronous work, whichever comes first, and re-checks the signal
 * after each yield.
 */
export function createLocalHostSource(paths: { proc: string; sys: string; root: string }): HostSource {
  const gate = createReadGate();
  const readError = (path: string, err: unknown): CollectorError => {
    const code = errnoOf(err);
    return new CollectorError(
      "WW_COLLECTOR_READ",
      `${path}: ${code === "ENOENT" ? "not found" : (code ?? String(err))}`,
      {
        file: path,
        cause: err,
      },
    );
  };
  const readers = (readText: (path: string) => string) => {
    const read = async (path: string, signal: AbortSignal): Promise<FileText> => {
      const turn = gate();
      if (turn) await turn;
      if (signal.aborted) throw signal.reason;
      try {
        return { path, text: readText(path) };
      } catch (err) {
        throw readError(path, err);
      }
    };
    const readMany = async (
      paths: readonly string[],
      signal: AbortSignal,
    ): Promise<(FileText | CollectorError)[]> => {
      const out: (FileText | CollectorError)[] = [];
      for (const path of paths) {
        const turn = gate();
        if (turn) await turn;
        if (signal.aborted) throw signal.reason;
        try {
          out.push({ path, text: readText(path) });
        } catch (err) {
          out.push(readError(path, err));
        }
      }
      return out;
    };
    const readOptional = async (path: string, signal: AbortSignal): Promise<FileText | null> => {
      try {
        return await read(path, signal);
      } catch (err) {
        if (err instanceof CollectorError && ABSENT.has(errnoOf(err.cause) ?? "")) return null;
        throw err;
      }
    };
    return { read, readOptional, readMany };
  };
  // Checked once, on the first kept-open read: the configured roots that are procfs or sysfs.
  let kernelDirs: string[] | null = null;
  const kernelRoots = (): string[] => {
    kernelDirs ??= [paths.proc, paths.sys].filter(isKernelFs).map((dir) => resolve(dir));
    return kernelDirs;
  };
  const held = new Set<{ close(): void }>();
  const plain = readers((path) => readFileSync(path, "utf8"));
  return {
    procPath: (...parts) => join(paths.proc, ...parts),
    sysPath: (...parts) => join(paths.sys, ...parts),
    rootPath: (...parts) => join(paths.root, ...parts),
    read: plain.read,
    readOptional: plain.readOptional,
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
    statfs: (path) => statfs(path),
    machine: () => machine(),
    keepOpen(): RoundReader {
      const files = createHeldFiles(kernelRoots);
      held.add(files);
      return { ...readers(files.readText), endRound: () => files.endRound() };
    },
    close() {
      for (const files of held) files.close();
    },
  };
}
