import type { ServerResponse } from "node:http";
import type { Rendering } from "./rendering.js";
import { CONTENT_TYPE } from "./text-format.js";

/** Bytes copied and written per turn of the event loop. */
export const SLICE_BYTES = 1024 * 1024;

/**
 * Slice buffers whose bytes the socket has taken, for the next slice or scrape: a 100k-series
 * scrape would otherwise allocate 7 MB outside the heap, and such allocations drive V8 into
 * extra garbage collections (pauses) when scrapes are frequent.
 */
const spare: Buffer[] = [];
const SPARE_MAX = 2;
const recycle = (buffer: Buffer) => {
  if (spare.length < SPARE_MAX) spare.push(buffer);
};

/**
 * Answers 200 with `rendering` followed by `trailer`, which may still be pending (text computed
 * while the rendering goes out). GET streams the body (chunked: its length is not known up front)
 * in slices of about `SLICE_BYTES`: after each slice the event loop runs (setImmediate, or
 * 'drain' when the client reads slower than we write), so a 100k-series scrape never holds the
 * loop for more than one slice's copy. HEAD waits for the trailer and answers with the
 * Content-Length and no body. Stops when the response is destroyed.
 */
export function sendRendering(
  res: ServerResponse,
  rendering: Rendering,
  trailer: Buffer | Promise<Buffer>,
  head: boolean,
): void {
  if (head) {
    void Promise.resolve(trailer).then((text) => {
      res.writeHead(200, { "content-type": CONTENT_TYPE, "content-length": rendering.length + text.length });
      res.end();
    });
    return;
  }
  res.writeHead(200, { "content-type": CONTENT_TYPE });
  // The trailer follows the last slice at once (writes queue in order), without waiting for
  // the socket to drain: the client reads the body while the trailer is computed.
  const finish = () => void Promise.resolve(trailer).then((text) => res.end(text));
  const pump = () => {
    if (res.destroyed) return;
    if (rendering.remaining === 0) {
      finish();
      return;
    }
    const buffer = spare.pop() ?? Buffer.allocUnsafeSlow(SLICE_BYTES);
    const slice = rendering.read(SLICE_BYTES, buffer) as Buffer;
    const inBuffer = slice.buffer === buffer.buffer;
    if (!inBuffer) recycle(buffer);
    // The write callback runs once the socket has taken the bytes: only then is `buffer` free.
    const more = res.write(slice, (err) => {
      if (!err && inBuffer) recycle(buffer);
    });
    if (rendering.remaining === 0) finish();
    // 'drain' can come from a process.nextTick chain (a socket that takes each write at once):
    // pumping from there would write every slice without the event loop turning. Always defer.
    else if (more) setImmediate(pump);
    else res.once("drain", () => setImmediate(pump));
  };
  // Not in the turn that took the snapshot: that one has done enough.
  setImmediate(pump);
}
