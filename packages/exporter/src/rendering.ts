/**
 * A piece list is what a `?target=` scrape (one host, its lines rewritten) is copied into; a
 * scrape of every host reads the store's buffers directly (family-rendering.ts).
 *
 * Pieces of exposition text in output order: `texts[i]`, `sizes[i]` UTF-8 bytes long, `ascii[i]`
 * when it is plain ASCII. Parallel arrays of strings and numbers rather than an object per
 * piece, and strings rather than buffer views: copying a string into a buffer
 * (`buffer.write`) allocates nothing, where copying a range of another buffer allocates a view
 * per piece — 100k series make 60k pieces, and that garbage would cost a collection every
 * other scrape.
 */
export interface PieceList {
  readonly texts: string[];
  readonly sizes: Uint32Array;
  readonly ascii: Uint8Array;
  /** Pieces pushed so far. */
  count: number;
}

/** An empty list with room for `capacity` pieces. */
export const createPieceList = (capacity: number): PieceList => ({
  texts: new Array<string>(capacity),
  sizes: new Uint32Array(capacity),
  ascii: new Uint8Array(capacity),
  count: 0,
});

/** Appends `text` of `size` UTF-8 bytes (`text.length` when ASCII); the list must have room. */
export function pushPiece(list: PieceList, text: string, size: number, ascii: boolean): void {
  list.texts[list.count] = text;
  list.sizes[list.count] = size;
  list.ascii[list.count] = ascii ? 1 : 0;
  list.count++;
}

/** Appends `text`, measuring it. */
export function pushText(list: PieceList, text: string): void {
  const size = Buffer.byteLength(text);
  pushPiece(list, text, size, size === text.length);
}

/**
 * A snapshot of exposition text taken at scrape time: the pieces it is made of, copied out on
 * demand. `read(maxBytes)` lets a large scrape go out in slices with the event loop free in
 * between; what it reads is immutable (strings, or the store's captured arrays and buffers), so
 * events arriving meanwhile do not change a snapshot.
 */
export interface Rendering {
  /** Total bytes (the Content-Length). */
  readonly length: number;
  /** Bytes not read yet. */
  readonly remaining: number;
  /**
   * The next whole pieces up to `maxBytes` (at least one piece), or null when all were read;
   * written into `into` (a view of it is returned) when they fit, else into a new buffer.
   */
  read(maxBytes: number, into?: Buffer): Buffer | null;
  /** The rest at once. */
  readAll(): Buffer;
}

/** A rendering of `pieces` in order. */
export function createRendering(pieces: PieceList): Rendering {
  const { texts, sizes, ascii, count } = pieces;
  let length = 0;
  for (let i = 0; i < count; i++) length += sizes[i] as number;
  let next = 0;
  const read = (maxBytes: number, into?: Buffer): Buffer | null => {
    if (next >= count) return null;
    let size = 0;
    let last = next;
    while (last < count) {
      const pieceSize = sizes[last] as number;
      if (size > 0 && size + pieceSize > maxBytes) break;
      size += pieceSize;
      last++;
    }
    const out = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafe(size);
    let at = 0;
    for (; next < last; next++) at += out.write(texts[next] as string, at, ascii[next] ? "latin1" : "utf8");
    return out;
  };
  return slicedRendering(length, read);
}

/**
 * A {@link Rendering} of `length` bytes produced slice by slice by `next` (whole pieces up to
 * `maxBytes`, written into `into` when they fit; null once everything was read).
 */
export function slicedRendering(
  length: number,
  next: (maxBytes: number, into?: Buffer) => Buffer | null,
): Rendering {
  let left = length;
  const read = (maxBytes: number, into?: Buffer): Buffer | null => {
    const out = next(maxBytes, into);
    if (out) left -= out.length;
    return out;
  };
  return {
    length,
    get remaining() {
      return left;
    },
    read,
    readAll: () => read(left) ?? Buffer.alloc(0),
  };
}
