/**
 * Line framing of NUT's network protocol: replies are lines ending in LF (a CR before it is
 * dropped). TCP delivers bytes in arbitrary pieces, so a line may arrive split across reads —
 * mid-word, mid-escape, even inside a multi-byte UTF-8 character — or many lines in one read.
 */

export interface LineReaderOptions {
  /** Longest line accepted, in bytes (without the LF). Default 64 KiB. */
  maxLineBytes?: number;
  /** Called once per complete line, in order, without its line ending. */
  onLine(line: string): void;
  /** Called once when a line grows past `maxLineBytes`; the reader then ignores all further input. */
  onOverflow(bytes: number): void;
}

export interface LineReader {
  /** Feeds the next bytes read from the socket. */
  push(chunk: Buffer): void;
  /** Bytes received but not yet ending in LF. */
  pendingBytes(): number;
  /** Stops delivering lines (also from the chunk being pushed right now). */
  stop(): void;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Creates a reader that turns a byte stream into lines.
 *
 * Contract: every complete line is delivered exactly once, in order, decoded as UTF-8 only when
 * whole (so a character split across chunks survives); a trailing partial line waits for more
 * bytes. A line longer than `maxLineBytes` is a protocol failure: reported once, then the reader
 * is dead (the caller closes the connection).
 */
export function createLineReader(options: LineReaderOptions): LineReader {
  const maxLineBytes = options.maxLineBytes ?? 64 * 1024;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let dead = false;

  const emit = (line: Buffer): void => {
    const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
    options.onLine(line.toString("utf8", 0, end));
  };

  return {
    push(chunk) {
      if (dead) return;
      let start = 0;
      for (;;) {
        const lf = chunk.indexOf(LF, start);
        if (lf === -1) break;
        const piece = chunk.subarray(start, lf);
        if (partBytes + piece.length > maxLineBytes) {
          dead = true;
          options.onOverflow(partBytes + piece.length);
          return;
        }
        const line = partBytes === 0 ? piece : Buffer.concat([...parts, piece], partBytes + piece.length);
        parts = [];
        partBytes = 0;
        emit(line);
        if (dead) return;
        start = lf + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        partBytes += rest.length;
        if (partBytes > maxLineBytes) {
          dead = true;
          options.onOverflow(partBytes);
          return;
        }
        // Copy: the socket may reuse the chunk's memory.
        parts.push(Buffer.from(rest));
      }
    },
    pendingBytes: () => partBytes,
    stop() {
      dead = true;
      parts = [];
      partBytes = 0;
    },
  };
}
