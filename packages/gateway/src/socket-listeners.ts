import type { RawData, WebSocket } from "ws";

/** What a socket's events are delivered to (the session). */
export interface SocketOwner {
  onMessage(data: RawData): void;
  onPong(): void;
  onSocketError(err: Error & { code?: string }): void;
  /** The socket closed. */
  release(): void;
}

const OWNER = Symbol("wirewatch.socket-owner");
type OwnedSocket = WebSocket & { [OWNER]?: SocketOwner };

/**
 * Routes a ws socket's `message`, `pong`, `error` and `close` events to `owner` through four
 * listener functions shared by every socket (the socket carries its owner), instead of four
 * closures per connection: 10k idle connections should cost the gateway little beyond ws itself.
 */
export function listenToSocket(socket: WebSocket, owner: SocketOwner): void {
  (socket as OwnedSocket)[OWNER] = owner;
  socket.on("message", onMessage);
  socket.on("pong", onPong);
  socket.on("error", onError);
  socket.on("close", onClose);
}

function onMessage(this: OwnedSocket, data: RawData): void {
  this[OWNER]?.onMessage(data);
}
function onPong(this: OwnedSocket): void {
  this[OWNER]?.onPong();
}
function onError(this: OwnedSocket, err: Error & { code?: string }): void {
  this[OWNER]?.onSocketError(err);
}
function onClose(this: OwnedSocket): void {
  this[OWNER]?.release();
}
