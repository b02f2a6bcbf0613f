import type { RawData } from "ws";
import type { OutboundSocket } from "./backpressure.js";

/**
 * What the gateway uses of a `ws` WebSocket once it is upgraded: its four events, writes (through
 * the outbound queue), close, terminate and ping. A ws socket satisfies it; tests pass a fake.
 */
export interface SessionSocket extends OutboundSocket {
  on(event: "message", listener: (this: SessionSocket, data: RawData, isBinary: boolean) => void): unknown;
  on(event: "pong" | "close", listener: (this: SessionSocket) => void): unknown;
  on(event: "error", listener: (this: SessionSocket, err: Error & { code?: string }) => void): unknown;
  close(code: number, reason: string): void;
  terminate(): void;
  ping(): void;
}

/** What a socket's events are delivered to (the session). */
export interface SocketOwner {
  onMessage(data: RawData, isBinary: boolean): void;
  onPong(): void;
  onSocketError(err: Error & { code?: string }): void;
  /** The socket closed. */
  release(): void;
}

/** Socket → owner. A WeakMap rather than a property on the socket: adding a property to a ws
 * object after construction gives it an out-of-object property array (~250 bytes each). */
const owners = new WeakMap<SessionSocket, SocketOwner>();

/**
 * Routes a ws socket's `message`, `pong`, `error` and `close` events to `owner` through four
 * listener functions shared by every socket (a WeakMap finds the owner), instead of four
 * closures per connection: 10k idle connections should cost the gateway little beyond ws itself.
 */
export function listenToSocket(socket: SessionSocket, owner: SocketOwner): void {
  owners.set(socket, owner);
  socket.on("message", onMessage);
  socket.on("pong", onPong);
  socket.on("error", onError);
  socket.on("close", onClose);
}

function onMessage(this: SessionSocket, data: RawData, isBinary: boolean): void {
  owners.get(this)?.onMessage(data, isBinary);
}
function onPong(this: SessionSocket): void {
  owners.get(this)?.onPong();
}
function onError(this: SessionSocket, err: Error & { code?: string }): void {
  owners.get(this)?.onSocketError(err);
}
function onClose(this: SessionSocket): void {
  owners.get(this)?.release();
}

/** A `message` event's data as one Buffer (ws hands a Buffer, a fragment list or an ArrayBuffer). */
export function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
