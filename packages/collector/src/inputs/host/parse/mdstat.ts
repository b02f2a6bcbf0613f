import type { MdArray, MdMember, MdMemberRole, MdSync } from "@wirewatch/protocol";
import { mdArrayState, parseMdConfigLine, parseMdSyncLine } from "./mdstat-lines.js";
import { numberedLines, parseError } from "./parse-error.js";

export type Mdstat = {
  personalities: string[];
  arrays: MdArray[];
};

const HEADER = /^(md[\w-]*)\s*:\s*(.*)$/;
const LEVEL = /^(raid\d+|linear|multipath|faulty)$/;
const MEMBER = /^([^\s[\]()]+)\[(\d+)\]((?:\([A-Z]\))*)$/;

/**
 * Parses /proc/mdstat (drivers/md/md.c `md_seq_show`) in all the layouts of the fixtures: old
 * and new kernels, no arrays, Synology's unindented lines, files ending without the
 * `unused devices` line. Throws `WW_COLLECTOR_PARSE` naming the line when the file does not
 * start with `Personalities`, a header or member is malformed, or an array lacks its
 * `blocks` line (a truncated file).
 */
export function parseMdstat(text: string): Mdstat {
  const lines = numberedLines(text);
  const first = lines[0];
  if (!first?.line.startsWith("Personalities")) {
    throw parseError("not an mdstat file: no 'Personalities' line first");
  }
  const personalities = [...first.line.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
  const blocks: { header: { line: string; no: number }; body: { line: string; no: number }[] }[] = [];
  for (const entry of lines.slice(1)) {
    if (entry.line.startsWith("unused devices")) continue;
    if (HEADER.test(entry.line)) blocks.push({ header: entry, body: [] });
    else if (blocks.length > 0) blocks[blocks.length - 1]!.body.push(entry);
    else throw parseError(`line ${entry.no}: '${entry.line.trim()}' is outside any array`);
  }
  return { personalities, arrays: blocks.map((b) => parseArray(b.header, b.body)) };
}

function parseArray(header: { line: string; no: number }, body: { line: string; no: number }[]): MdArray {
  const [, name, rest] = HEADER.exec(header.line)!;
  const tokens = rest!.trim().split(/\s+/);
  const activity = tokens.shift();
  if (activity !== "active" && activity !== "inactive") {
    throw parseError(`line ${header.no}: ${name} is '${activity ?? ""}', not active/inactive (truncated?)`);
  }
  let readOnly: MdArray["read_only"] = null;
  if (tokens[0] === "(read-only)" || tokens[0] === "(auto-read-only)") {
    readOnly = tokens.shift()!.slice(1, -1) as "read-only" | "auto-read-only";
  }
  let level = tokens[0] !== undefined && LEVEL.test(tokens[0]) ? tokens.shift() : undefined;
  const members = tokens.map((token) => parseMember(token, activity, header.no));
  const configEntry = body.find((b) => /\bblocks\b/.test(b.line));
  if (!configEntry) throw parseError(`line ${header.no}: ${name} has no 'blocks' line (truncated?)`);
  const config = parseMdConfigLine(configEntry.line, configEntry.no);
  let sync: MdSync | null = null;
  for (const entry of body) sync ??= parseMdSyncLine(entry.line, entry.no);
  if (level === undefined && config.superblock?.startsWith("external:")) level = "container";
  const degraded =
    activity === "active" &&
    ((config.status?.includes("_") ?? false) ||
      (config.disks_total !== null &&
        config.disks_active !== null &&
        config.disks_active < config.disks_total));
  const array: MdArray = {
    name: name!,
    state: mdArrayState(activity, degraded, sync),
    activity,
    read_only: readOnly,
    members,
    disks_total: config.disks_total,
    disks_active: config.disks_active,
    disks_failed: members.filter((m) => m.role === "failed").length,
    disks_spare: members.filter((m) => m.role === "spare").length,
    status: config.status,
    degraded,
    size_bytes: config.size_bytes,
    superblock: config.superblock,
    sync,
  };
  if (level !== undefined) array.level = level;
  return array;
}

function parseMember(token: string, activity: "active" | "inactive", lineNo: number): MdMember {
  const match = MEMBER.exec(token);
  if (!match) throw parseError(`line ${lineNo}: '${token}' is not a member device like sda1[0]`);
  const flags = match[3] ?? "";
  const role: MdMemberRole = flags.includes("(F)")
    ? "failed"
    : flags.includes("(S)")
      ? "spare"
      : flags.includes("(J)")
        ? "journal"
        : flags.includes("(R)")
          ? "replacement"
          : activity;
  return { device: match[1]!, slot: Number(match[2]), role, write_mostly: flags.includes("(W)") };
}

/**
 * One word for all arrays (UMA's `array_status`): `none` without arrays; else the worst of
 * `inactive` (an array that is not running, external-metadata containers excepted — those are
 * inactive by design), `degraded`, `resyncing` (resync, recovery or reshape running),
 * `checking` (check or repair running), `healthy`.
 */
export function mdArrayStatus(arrays: readonly MdArray[]): string {
  if (arrays.length === 0) return "none";
  if (arrays.some((a) => a.activity === "inactive" && a.level !== "container")) return "inactive";
  if (arrays.some((a) => a.degraded)) return "degraded";
  const running = arrays.flatMap((a) => (a.sync?.status === "running" ? [a.sync.action] : []));
  if (running.some((action) => action === "resync" || action === "recovery" || action === "reshape")) {
    return "resyncing";
  }
  if (running.length > 0) return "checking";
  return "healthy";
}
