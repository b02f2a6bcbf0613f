export { type BackoffPolicy, backoffCeiling, backoffDelay } from "./backoff.js";
export type {
  AnyChannelEvent,
  BaseOf,
  ChannelDataMap,
  ChannelEvent,
  ChannelName,
  ChannelRefString,
  DataOf,
} from "./channel-types.js";
export type {
  Client,
  ClientEvents,
  ClientState,
  ClientStats,
  PendingSubscription,
  SubscribeOptions,
  Subscription,
} from "./client-types.js";
export { createClient } from "./create-client.js";
export { ClientError, type ClientErrorCode, type ClientErrorDetails, isClientError } from "./errors.js";
export type {
  ClientOptions,
  ReconnectOptions,
  Timers,
  TokenPlacement,
  WatchdogOptions,
} from "./options.js";
export type { GapEvent } from "./position.js";
export type { SocketLike, WebSocketConstructor } from "./socket.js";
