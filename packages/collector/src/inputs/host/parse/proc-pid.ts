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
  // f[0] is field 3 (state) of proc(5).
  const f = files.stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  if (f.length < 22) throw parseError(`stat has ${f.length + 2} fields, at least 24 expected (truncated?)`);
  const field = (n: number, what: string): number => uint(f[n - 3], what, 1);
  const status = parseStatusFields(files.status ?? "");
  const vmRssKb = status.get("VmRSS");
  return {
    pid: files.pid,
    name: status.get("Name") ?? comm,
    state: f[0]!,
    ppid: field(4, "ppid"),
    cpu_ticks: field(14, "utime") + field(15, "stime"),
    start_ticks: field(22, "starttime"),
    threads: field(20, "num_threads"),
    rss_bytes: vmRssKb !== undefined ? Number.parseInt(vmRssKb, 10) * 1024 : field(24, "rss") * PAGE_BYTES,
    uid: parseUid(status.get("Uid")),
    cmdline: (files.cmdline ?? "").replace(/\0+$/, "").split("\0").join(" "),
  };
}

function parseStatusFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) out.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return out;
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
