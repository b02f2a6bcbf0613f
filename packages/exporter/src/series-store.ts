import type { FamilyBlock } from "./family-builder.js";
import { type CapturedFamily, createFamilyRendering } from "./family-rendering.js";
import { createPieceList, createRendering, pushPiece, pushText, type Rendering } from "./rendering.js";
import { escapeLabelValue, renderHeader } from "./text-format.js";

/** Everything one host's source contributed with its last event: one text per family. */
interface SourceRecord {
  host: string;
  source: string;
  /** `host\0source`. */
  key: string;
  atMs: number;
  /** The family names of the blocks, in order, and their sample lines (see RecordTexts). */
  names: string[];
  bytes: Buffer;
  offsets: Uint32Array;
  /** Stale when the host's other sources are, not by its own age (see `replace`). */
  followsHost: boolean;
  /** Own age past which the record is stale (`staleAfterMs` unless replaced with `maxAgeMs`). */
  maxAgeMs: number;
}

interface Family {
  /** `# HELP` and `# TYPE` lines, and their UTF-8 size. */
  header: string;
  headerSize: number;
  /** The contributing records and the index of each one's block of this family (parallel arrays: a scrape walks them). */
  records: SourceRecord[];
  blocks: number[];
  /** Each source's (`host\0source`) position in `records`: a newer record of it takes the same slot. */
  slots: Map<string, number>;
  /** A snapshot holds `records` and `blocks`: copy them before the next change (copy on write). */
  captured: boolean;
}

/** Makes `family`'s arrays its own again after a snapshot captured them. */
function own(family: Family): void {
  if (!family.captured) return;
  family.records = family.records.slice();
  family.blocks = family.blocks.slice();
  family.captured = false;
}

/** Puts `record` (block `block`) in its source's slot, or at the end. */
function join(family: Family, record: SourceRecord, block: number): void {
  own(family);
  const slot = family.slots.get(record.key);
  if (slot === undefined) {
    family.slots.set(record.key, family.records.length);
    family.records.push(record);
    family.blocks.push(block);
  } else {
    family.records[slot] = record;
    family.blocks[slot] = block;
  }
}

/** Removes the source `key` by moving the last member into its slot. */
function part(family: Family, key: string): void {
  const slot = family.slots.get(key);
  if (slot === undefined) return;
  own(family);
  family.slots.delete(key);
  const lastRecord = family.records.pop() as SourceRecord;
  const lastBlock = family.blocks.pop() as number;
  if (slot < family.records.length) {
    family.records[slot] = lastRecord;
    family.blocks[slot] = lastBlock;
    family.slots.set(lastRecord.key, slot);
  }
}

/**
 * The latest pre-rendered samples per metric family, host and source (a source is one stream
 * of one host: `system.stats`, `storage.status`, `ups:<name>`).
 *
 * Contract: `replace()` swaps everything a host's source contributed for the new blocks (a
 * family the source no longer reports disappears), keeping one record per event (a handful of
 * objects, not one per family, to keep the garbage collector's work small); `snapshot()` lists
 * each family's HELP/TYPE once followed by every contributing host's lines — texts rendered at
 * event time, no per-sample work; they are written out as UTF-8 when the rendering is read.
 * A snapshot of every host captures each family's member arrays by reference (the store copies
 * a captured array before changing it), so it costs one step per record to size and age-check
 * and one per family to capture; the lines are located as the rendering is read.
 * Records older than `staleAfterMs` (or their own `maxAgeMs`: a collector status repeated every
 * few intervals of a slow input) are dropped when a snapshot meets them. A record replaced with
 * `followsHost` (sent on change, not on a beat: alerts) is judged instead by the newest of its
 * host's other records that are not stale themselves, or by its own age when there is none: it
 * lives as long as anything of its host does. The first block of a family fixes its type and help.
 */
export interface SeriesStore {
  replace(
    host: string,
    source: string,
    blocks: readonly FamilyBlock[],
    atMs: number,
    options?: { followsHost?: boolean; maxAgeMs?: number },
  ): void;
  /** Removes every family a host's source contributed. */
  remove(host: string, source: string): void;
  /** The exposition text of every host, or only of `target` (then without its `instance` label). */
  snapshot(nowMs: number, target?: string): Rendering;
  /** `snapshot()` read at once, as a string. */
  render(nowMs: number, target?: string): string;
  hosts(): string[];
}

export function createSeriesStore(options: { staleAfterMs: number }): SeriesStore {
  const families = new Map<string, Family>();
  const records = new Map<string, SourceRecord>();
  let sortedNames: string[] | null = null;

  const leave = (name: string, key: string) => {
    const family = families.get(name);
    if (!family) return;
    part(family, key);
    if (family.records.length === 0) {
      families.delete(name);
      sortedNames = null;
    }
  };

  const remove = (host: string, source: string) => {
    const key = `${host}\0${source}`;
    for (const name of records.get(key)?.names ?? []) leave(name, key);
    records.delete(key);
  };

  /** Removes the records a snapshot at `nowMs` must not show (see the contract above). */
  const dropStale = (nowMs: number) => {
    const hostSeenMs = new Map<string, number>();
    const stale: SourceRecord[] = [];
    for (const record of records.values()) {
      if (record.followsHost) continue;
      if (nowMs - record.atMs > record.maxAgeMs) stale.push(record);
      else if (record.atMs > (hostSeenMs.get(record.host) ?? Number.NEGATIVE_INFINITY)) {
        hostSeenMs.set(record.host, record.atMs);
      }
    }
    for (const record of records.values()) {
      if (record.followsHost && nowMs - (hostSeenMs.get(record.host) ?? record.atMs) > record.maxAgeMs) {
        stale.push(record);
      }
    }
    for (const record of stale) remove(record.host, record.source);
  };

  /** One host's lines without its `instance` label (`?target=`: a few hundred lines, copied now). */
  const hostSnapshot = (target: string): Rendering => {
    let capacity = 0;
    for (const family of families.values()) {
      let members = 0;
      for (const record of family.records) if (record.host === target) members++;
      if (members > 0) capacity += members + 1;
    }
    const out = createPieceList(capacity);
    const label = `instance="${escapeLabelValue(target)}"`;
    for (const name of sortedNames ?? []) {
      const family = families.get(name);
      if (!family) continue;
      let header = false;
      for (let k = 0; k < family.records.length; k++) {
        const record = family.records[k] as SourceRecord;
        if (record.host !== target) continue;
        if (!header) {
          pushPiece(out, family.header, family.headerSize, family.headerSize === family.header.length);
          header = true;
        }
        const block = family.blocks[k] as number;
        const text = record.bytes.toString("utf8", record.offsets[block], record.offsets[block + 1]);
        pushText(out, text.replaceAll(`{${label},`, "{").replaceAll(`{${label}}`, ""));
      }
    }
    return createRendering(out);
  };

  const snapshot = (nowMs: number, target?: string): Rendering => {
    dropStale(nowMs);
    sortedNames ??= [...families.keys()].sort();
    if (target !== undefined) return hostSnapshot(target);
    const captured: CapturedFamily[] = [];
    for (const name of sortedNames) {
      const family = families.get(name);
      if (!family || family.records.length === 0) continue;
      family.captured = true;
      const { header, headerSize, records: members, blocks } = family;
      captured.push({ header, headerSize, records: members, blocks });
    }
    return createFamilyRendering(captured);
  };

  return {
    replace(host, source, blocks, atMs, replaceOptions) {
      const before = records.get(`${host}\0${source}`);
      // The key string the families already hold, so their lookups compare by identity.
      const key = before?.key ?? `${host}\0${source}`;
      const names = blocks.map((block) => block.name);
      // The lines as UTF-8 in one buffer outside the V8 heap: a store of 100k series changes
      // megabytes of text a second, which as strings the young-generation collector would copy.
      const offsets = new Uint32Array(blocks.length + 1);
      for (let i = 0; i < blocks.length; i++) {
        offsets[i + 1] = (offsets[i] as number) + Buffer.byteLength((blocks[i] as FamilyBlock).text);
      }
      const bytes = Buffer.allocUnsafeSlow(offsets[blocks.length] as number);
      for (let i = 0; i < blocks.length; i++)
        bytes.write((blocks[i] as FamilyBlock).text, offsets[i] as number);
      const followsHost = replaceOptions?.followsHost === true;
      const maxAgeMs = replaceOptions?.maxAgeMs ?? options.staleAfterMs;
      const record: SourceRecord = { host, source, key, atMs, names, bytes, offsets, followsHost, maxAgeMs };
      blocks.forEach((block, i) => {
        let family = families.get(block.name);
        if (!family) {
          const header = renderHeader(block.name, block.type, block.help);
          family = {
            header,
            headerSize: Buffer.byteLength(header),
            records: [],
            blocks: [],
            slots: new Map(),
            captured: false,
          };
          families.set(block.name, family);
          sortedNames = null;
        }
        join(family, record, i);
      });
      if (blocks.length > 0) records.set(key, record);
      else records.delete(key);
      if (before) for (const name of before.names) if (!names.includes(name)) leave(name, key);
    },
    remove,
    snapshot,
    render: (nowMs, target) => snapshot(nowMs, target).readAll().toString(),
    hosts() {
      const all = new Set<string>();
      for (const record of records.values()) all.add(record.host);
      return [...all].sort();
    },
  };
}
