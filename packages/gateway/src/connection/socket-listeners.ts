import type { RawData, WebSocket } from "ws";

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
const owners = new WeakMap<WebSocket, SocketOwner>();

/**
 * Routes a ws socket's `message`, `pong`, `error` and `close` events to `owner` through four
 * listener functions shared by every socket (a WeakMap finds the owner), instead of four
 * closures per connection: 10k idle connections should cost the gateway little beyond ws itself.
 */
export function listenToSocket(socket: WebSocket, owner: SocketOwner): void {
  owners.set(socket, owner);
  socket.on("message", onMessage);
  socket.on("pong", onPong);
  socket.on("error", onError);
  socket.on("close", onClose);
}

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  owners.get(this)?.onMessage(data, isBinary);
}
function onPong(this: WebSocket): void {
  owners.get(this)?.onPong();
}
function onError(this: WebSocket, err: Error & { code?: string }): void {
  owners.get(this)?.onSocketError(err);
}
function onClose(this: WebSocket): void {
  owners.get(this)?.release();
}
