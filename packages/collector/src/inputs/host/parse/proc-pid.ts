import { parseError, uint } from "./parse-error.js";

/** The fields of /proc/<pid>/stat, status and cmdline the process list needs. */
export interface ProcessSample {
  pid: number;
  /** `Name:` of status (the 15-character comm). */
  name: string;
  /** One letter: R running, S sleeping, D disk sleep, Z zombie, … */
  state: string;
  ppid: number;
  /** utime + stime, USER_HZ ticks. */
  cpu_ticks: number;
  /** Ticks after boot the process started; with pid it identifies the process across samples. */
  start_ticks: number;
  threads: number;
  rss_bytes: number;
  /** Real uid (first of `Uid:`), null for unreadable status. */
  uid: number | null;
  /** Arguments joined by spaces; empty for kernel threads. */
  cmdline: string;
}

export interface ProcessFiles {
  pid: number;
  stat: string;
  status: string | null;
  cmdline: string | null;
}

/** Bytes per page for `rss` of /proc/<pid>/stat when status has no VmRSS (4 KiB on x86/arm). */
const PAGE_BYTES = 4096;

/**
 * Parses one process from its files (proc(5)). `comm` in stat may contain spaces and
 * parentheses, so fields are counted from the last ')'. Throws `WW_COLLECTOR_PARSE` when stat
 * is truncated (fewer than 24 fields after comm).
 */
export function parseProcess(files: ProcessFiles): ProcessSample {
  const close = files.stat.lastIndexOf(")");
  const open = files.stat.indexOf("(");
  if (open === -1 || close < open) throw parseError("stat has no '(comm)'");
  const comm = files.stat.slice(open + 1, close);
  // f[0] is field 3 (state) of proc(5); fields past rss (24) are not needed.
  const f = files.stat
    .slice(close + 1)
    .trim()
    .split(/\s+/, 22);
  if (f.length < 22) throw parseError(`stat has ${f.length + 2} fields, at least 24 expected (truncated?)`);
  const field = (n: number, what: string): number => uint(f[n - 3], what, 1);
  const status = files.status ?? "";
  const vmRssKb = statusField(status, "VmRSS");
  return {
    pid: files.pid,
    name: statusField(status, "Name") ?? comm,
    state: f[0]!,
    ppid: field(4, "ppid"),
    cpu_ticks: field(14, "utime") + field(15, "stime"),
    start_ticks: field(22, "starttime"),
    threads: field(20, "num_threads"),
    rss_bytes: vmRssKb !== undefined ? Number.parseInt(vmRssKb, 10) * 1024 : field(24, "rss") * PAGE_BYTES,
    uid: parseUid(statusField(status, "Uid")),
    cmdline: formatCmdline(files.cmdline),
  };
}

/** /proc/<pid>/cmdline (NUL-separated arguments) as one line: arguments joined by spaces. */
export function formatCmdline(text: string | null): string {
  return (text ?? "").replace(/\0+$/, "").split("\0").join(" ");
}

/**
 * The value of a `Key:` line of /proc/<pid>/status, trimmed; the last such line when there are
 * several; undefined when there is none. Finds the line instead of splitting the whole file
 * (about 55 lines, of which three are used): a process list reads one per process.
 */
export function statusField(text: string, key: string): string | undefined {
  const needle = `\n${key}:`;
  // indexOf, not lastIndexOf: V8 runs the former as a fast builtin, the latter in the runtime.
  let line = text.startsWith(`${key}:`) ? 0 : -1;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) line = at + 1;
  if (line === -1) return undefined;
  const start = line + key.length + 1;
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? text.length : end).trim();
}

function parseUid(value: string | undefined): number | null {
  const first = value?.split(/\s+/)[0];
  return first !== undefined && /^\d+$/.test(first) ? Number(first) : null;
}

/** Parses /etc/passwd into uid → user name (first entry wins, like getpwuid). */
export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const f = line.split(":");
    if (f.length < 3 || !/^\d+$/.test(f[2]!)) continue;
    const uid = Number(f[2]);
    if (!out.has(uid)) out.set(uid, f[0]!);
  }
  return out;
}
