import type { PendingSubscription, Subscription } from "./client-types.js";

/**
 * Joins a subscription handle and the promise of its ack into one value, so both
 * `client.subscribe(...).unsubscribe()` and `const sub = await client.subscribe(...)` work. The
 * promise resolves with a plain (non-thenable) handle; a rejection nobody awaits is not reported
 * as unhandled (the same failure is emitted as an `error` event).
 */
export function pendingSubscription(handle: Subscription, acked: Promise<void>): PendingSubscription {
  const promise = acked.then(() => handle);
  promise.catch(() => {});
  Object.defineProperties(promise, {
    channel: { get: () => handle.channel, enumerable: true },
    active: { get: () => handle.active, enumerable: true },
    unsubscribe: { value: () => handle.unsubscribe(), enumerable: true },
  });
  return promise as PendingSubscription;
}
