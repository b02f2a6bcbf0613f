import { EventEmitter } from "node:events";
import type { SessionSocket } from "../../src/connection/socket-listeners.js";

/**
 * A ws socket as a Session uses it: records what is written, how it was closed, pings and
 * terminations; the test plays the peer (`clientSends`, `peerClosed`, `pong`, `frameTooBig`).
 * Like ws, `close` only starts the handshake: the `close` event comes with `peerClosed` (or
 * `terminate`), and a write completes on a later microtask.
 */
export class FakeSocket extends EventEmitter implements SessionSocket {
  bufferedAmount = 0;
  readonly frames: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  terminated = 0;
  pings = 0;

  send(data: Buffer, _options: { binary: boolean }, cb: (err?: Error) => void): void {
    this.frames.push(data.toString("utf8"));
    queueMicrotask(() => cb());
  }

  close(code: number, reason: string): void {
    this.closedWith ??= { code, reason };
  }

  terminate(): void {
    this.terminated++;
    this.emit("close", 1006, Buffer.alloc(0));
  }

  ping(): void {
    this.pings++;
  }

  clientSends(frame: string | Buffer, isBinary = false): void {
    this.emit("message", Buffer.from(frame), isBinary);
  }

  pong(): void {
    this.emit("pong", Buffer.alloc(0));
  }

  /** ws's `error` for a client frame over `maxPayload` (ws then closes the socket itself). */
  frameTooBig(): void {
    this.emit(
      "error",
      Object.assign(new RangeError("Max payload size exceeded"), {
        code: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH",
      }),
    );
  }

  /** The close handshake finished, or the peer went away: ws emits `close`. */
  peerClosed(): void {
    this.emit("close", 1000, Buffer.alloc(0));
  }

  /** The frames parsed as JSON. */
  json(): Record<string, unknown>[] {
    return this.frames.map((f) => JSON.parse(f) as Record<string, unknown>);
  }
}
