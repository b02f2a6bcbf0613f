import type { CollectorError } from "../../errors.js";
import type { FileText } from "./parse/composite.js";

/**
 * Where the host input's gathers read a machine from: this machine's /proc, /sys and root
 * (`createLocalHostSource` in files.ts), or — for remote targets — another implementation with
 * the same contract, so every gather and parser is written once.
 *
 * Contract: required files that are missing or unreadable raise `WW_COLLECTOR_READ` naming the
 * path; optional ones return null when absent (ENOENT/ENOTDIR — e.g. no /proc/mdstat without
 * the md driver); reads honour the gather's deadline signal; `list` answers [] for a missing
 * directory; `statfs` rejects with the errno of the call (the caller turns it into an
 * "unavailable" filesystem); `machine()` is the hardware name `uname -m` prints.
 */
export interface HostSource {
  procPath(...parts: string[]): string;
  sysPath(...parts: string[]): string;
  rootPath(...parts: string[]): string;
  read(path: string, signal: AbortSignal): Promise<FileText>;
  readOptional(path: string, signal: AbortSignal): Promise<FileText | null>;
  /** Directory entries, or [] when the directory does not exist. */
  list(path: string): Promise<string[]>;
  /** statfs(2) of a path: block counts in units of `bsize`, inode counts. */
  statfs(path: string): Promise<FsStats>;
  /** The machine's hardware name (`x86_64`, `aarch64`), as `uname -m`. */
  machine(): string;
  /**
   * A reader for the files one schedule reads every round: the same reads (gate, signal,
   * errors), but files may stay open between rounds (see `createHeldFiles`).
   */
  keepOpen(): RoundReader;
  /** Releases what the source holds (files kept open, connections). */
  close(): void;
}

/** The fields of statfs(2) the filesystems gather uses. */
export interface FsStats {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

/** {@link HostSource.read} and `readOptional` for one schedule, with files kept open. */
export interface RoundReader extends Pick<HostSource, "read" | "readOptional"> {
  /**
   * Reads the files in order, through the same gate as {@link HostSource.read} (one promise per
   * yield, not one per file): each result is the file's text or the `WW_COLLECTOR_READ` error
   * `read` would have thrown. An abort (the gather's deadline) rejects the whole call.
   */
  readMany(paths: readonly string[], signal: AbortSignal): Promise<(FileText | CollectorError)[]>;
  /** Closes the files not read since the previous call (a process that exited): once per round. */
  endRound(): void;
}
