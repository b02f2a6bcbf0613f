import { type Rendering, slicedRendering } from "./rendering.js";

/**
 * The parts of a source's record a rendering reads: the UTF-8 sample lines of all its family
 * blocks in one buffer, block `i` being `bytes[offsets[i], offsets[i + 1])`.
 */
export interface RecordTexts {
  readonly bytes: Buffer;
  readonly offsets: Uint32Array;
}

/**
 * One family as a snapshot captured it: its HELP/TYPE header and its members' arrays at that
 * moment. The store never changes captured arrays (it copies them before its next change), so a
 * rendering can read them long after the snapshot.
 */
export interface CapturedFamily {
  readonly header: string;
  readonly headerSize: number;
  readonly records: readonly RecordTexts[];
  /** Index of each member's block of this family in its `offsets`. */
  readonly blocks: readonly number[];
}

/**
 * A {@link Rendering} over captured families: each family's header, then each member's block of
 * it. Taking the snapshot costs one reference per family; the text is located and copied piece
 * by piece as `read()` asks for it, so the work of a 100k-series scrape happens in the slices
 * that send it, never in one turn of the event loop.
 */
export function createFamilyRendering(families: readonly CapturedFamily[]): Rendering {
  let length = 0;
  for (const family of families) {
    length += family.headerSize;
    const { records, blocks } = family;
    for (let k = 0; k < records.length; k++)
      length += blockSize(records[k] as RecordTexts, blocks[k] as number);
  }
  /** Cursor: the family, and the member in it (-1: its header). */
  let f = 0;
  let k = -1;

  const sizeAt = (family: CapturedFamily, member: number): number =>
    member < 0
      ? family.headerSize
      : blockSize(family.records[member] as RecordTexts, family.blocks[member] as number);

  const read = (maxBytes: number, into?: Buffer): Buffer | null => {
    if (f >= families.length) return null;
    // First pass: how many whole pieces fit (at least one).
    let size = 0;
    let endF = f;
    let endK = k;
    while (endF < families.length) {
      const family = families[endF] as CapturedFamily;
      const pieceSize = sizeAt(family, endK);
      if (size > 0 && size + pieceSize > maxBytes) break;
      size += pieceSize;
      if (++endK >= family.records.length) {
        endF++;
        endK = -1;
      }
    }
    const out = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafe(size);
    // Second pass: copy them.
    let at = 0;
    while (f !== endF || k !== endK) {
      const family = families[f] as CapturedFamily;
      if (k < 0) {
        at += out.write(family.header, at, family.headerSize === family.header.length ? "latin1" : "utf8");
      } else {
        const { bytes, offsets } = family.records[k] as RecordTexts;
        const block = family.blocks[k] as number;
        at += bytes.copy(out, at, offsets[block], offsets[block + 1]);
      }
      if (++k >= family.records.length) {
        f++;
        k = -1;
      }
    }
    return out;
  };
  return slicedRendering(length, read);
}

const blockSize = (record: RecordTexts, block: number): number =>
  (record.offsets[block + 1] as number) - (record.offsets[block] as number);
