import { closeSync, openSync, readFileSync, readSync, statfsSync } from "node:fs";

/** statfs(2) `f_type` of procfs and sysfs. */
const PROC_SUPER_MAGIC = 0x9fa0;
const SYSFS_MAGIC = 0x62656572;

/** Most descriptors one schedule keeps open (two per process: 512 processes). */
export const MAX_HELD_FILES = 1024;

/** Whether `dir` is the root of a procfs or sysfs mount (false when it cannot be checked). */
export function isKernelFs(dir: string): boolean {
  try {
    const { type } = statfsSync(dir);
    return type === PROC_SUPER_MAGIC || type === SYSFS_MAGIC;
  } catch {
    return false;
  }
}

/** One buffer for every synchronous read of the process; grown when a file does not fit. */
let buffer = Buffer.allocUnsafeSlow(64 * 1024);

/** Reads the whole file behind `fd` from offset 0 (positional reads: the offset is never moved). */
function readWhole(fd: number): string {
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, length);
    if (n === 0) return buffer.toString("utf8", 0, length);
    length += n;
  }
}

/** Text of a file by path, for one schedule's rounds; see {@link createHeldFiles}. */
export interface HeldFiles {
  /** The file's text, like `readFileSync(path, "utf8")`, and with its errors. */
  readText(path: string): string;
  /** Closes the descriptors not read since the previous call: call once per round. */
  endRound(): void;
  /** Descriptors held open now. */
  size(): number;
  close(): void;
}

/**
 * Keeps the kernel files a schedule reads every round open between rounds. A procfs or sysfs
 * file regenerates its contents on every read from offset 0, so re-reading an open descriptor
 * gives the same text as opening the file again, without the path walk and the open and close
 * (for /proc/<pid>/stat about a third of the cost of `readFileSync`). Only paths under
 * `kernelDirs` (roots checked with {@link isKernelFs}) are held; a regular file (a test's fake
 * root, /etc/passwd) could be replaced by another one under the same name and is always opened
 * afresh. A held descriptor that fails (its process exited: ESRCH; pid reuse cannot alias, the
 * descriptor stays bound to the process it was opened for) is closed and the path is read
 * afresh, so errors are exactly those of a fresh read. At most `maxOpen` are held.
 */
export function createHeldFiles(kernelDirs: () => string[], maxOpen = MAX_HELD_FILES): HeldFiles {
  const held = new Map<string, { fd: number; used: boolean }>();
  const eligible = (path: string): boolean => {
    for (const dir of kernelDirs()) if (path.startsWith(dir) && path[dir.length] === "/") return true;
    return false;
  };
  const drop = (path: string, fd: number): void => {
    held.delete(path);
    try {
      closeSync(fd);
    } catch {}
  };
  return {
    readText(path) {
      if (!eligible(path)) return readFileSync(path, "utf8");
      const entry = held.get(path);
      if (entry) {
        try {
          const text = readWhole(entry.fd);
          entry.used = true;
          return text;
        } catch {
          drop(path, entry.fd);
        }
      }
      const fd = openSync(path, "r");
      let text: string;
      try {
        text = readWhole(fd);
      } catch (err) {
        closeSync(fd);
        throw err;
      }
      if (held.size < maxOpen) held.set(path, { fd, used: true });
      else closeSync(fd);
      return text;
    },
    endRound() {
      for (const [path, entry] of held) {
        if (entry.used) entry.used = false;
        else drop(path, entry.fd);
      }
    },
    size: () => held.size,
    close() {
      for (const [path, entry] of held) drop(path, entry.fd);
    },
  };
}
