import type { ChannelRef, ChannelSpec } from "@wirewatch/protocol";

/** One base channel's references on a socket. */
export interface ChannelSubscription {
  readonly base: string;
  readonly spec: ChannelSpec;
  /** Reference text and its host filter (undefined = all hosts), in subscription order. */
  refs: readonly { text: string; host: string | undefined }[];
  /** References without a host filter: while above 0 every host matches (the common case, O(1)). */
  allHosts: number;
}

/**
 * One socket's subscriptions: the channel references the client wrote (`system.stats`,
 * `system.stats@nas1`), grouped by base channel so the hub can route on the base name and the
 * session can filter by host. A base is "all hosts" as soon as one reference has no `@host`.
 * Reference order is kept for `list_subscriptions`.
 *
 * Plain arrays rather than Maps and Sets: a socket holds a few references (at most
 * `maxSubscriptionsPerSocket`, 64 by default), so a linear scan is as fast as hashing, and an idle
 * subscribed socket costs a few hundred bytes less (three hash tables per socket were ~0.9 KB).
 * Arrays are replaced (concat, exact length), not pushed to: a push reserves 17 slots.
 */
export class SubscriptionTable {
  private order: readonly string[] = [];
  private subs: readonly ChannelSubscription[] = [];

  get size(): number {
    return this.order.length;
  }

  /** Reference texts in the order they were subscribed. */
  list(): string[] {
    return [...this.order];
  }

  /** Base channel names with at least one reference. */
  bases(): string[] {
    return this.subs.map((s) => s.base);
  }

  has(ref: string): boolean {
    return this.order.includes(ref);
  }

  get(base: string): ChannelSubscription | undefined {
    const subs = this.subs;
    for (let i = 0; i < subs.length; i++) if (subs[i]!.base === base) return subs[i];
    return undefined;
  }

  /** Adds a reference; true when its base had no reference before (the hub must attach). */
  add(text: string, ref: ChannelRef, spec: ChannelSpec): boolean {
    if (this.has(text)) return false;
    this.order = this.order.concat(text);
    let sub = this.get(ref.name);
    const fresh = sub === undefined;
    if (!sub) {
      sub = { base: ref.name, spec, refs: [], allHosts: 0 };
      this.subs = this.subs.concat(sub);
    }
    sub.refs = sub.refs.concat({ text, host: ref.host });
    if (ref.host === undefined) sub.allHosts++;
    return fresh;
  }

  /** Removes a reference; true when its base has no reference left (the hub must detach). */
  remove(text: string, base: string): boolean {
    if (!this.order.includes(text)) return false;
    this.order = this.order.filter((t) => t !== text);
    const sub = this.get(base);
    if (!sub) return false;
    const gone = sub.refs.find((r) => r.text === text);
    if (gone) {
      if (gone.host === undefined) sub.allHosts--;
      sub.refs = sub.refs.filter((r) => r !== gone);
    }
    if (sub.refs.length > 0) return false;
    this.subs = this.subs.filter((s) => s !== sub);
    return true;
  }

  /** Whether an event of `base` from `host` passes the socket's filter for that base. */
  matches(base: string, host: string): boolean {
    const sub = this.get(base);
    if (sub === undefined) return false;
    if (sub.allHosts > 0) return true;
    // every reference names a host here; a plain loop, no array or closure per event and socket
    const refs = sub.refs;
    for (let i = 0; i < refs.length; i++) if (refs[i]!.host === host) return true;
    return false;
  }

  clear(): void {
    this.order = [];
    this.subs = [];
  }
}

/** The host filters of a base's references (undefined = all hosts). */
export function hostsOf(sub: ChannelSubscription): (string | undefined)[] {
  return sub.refs.map((r) => r.host);
}

/** True when any of the host filters (undefined = all) admits `host`. */
export function refsMatch(hosts: Iterable<string | undefined>, host: string): boolean {
  for (const h of hosts) if (h === undefined || h === host) return true;
  return false;
}
