import type { ChannelRef, ChannelSpec } from "@wirewatch/protocol";

/**
 * One socket's subscriptions: the channel references the client wrote (`system.stats`,
 * `system.stats@nas1`), grouped by base channel so the hub can route on the base name and the
 * session can filter by host. A base is "all hosts" as soon as one reference has no `@host`.
 * Reference order is kept for `list_subscriptions`.
 */
export interface ChannelSubscription {
  readonly spec: ChannelSpec;
  /** Reference text → host filter (undefined = all hosts). */
  readonly refs: Map<string, string | undefined>;
  /** References without a host filter: while above 0 every host matches (the common case, O(1)). */
  allHosts: number;
}

export class SubscriptionTable {
  private readonly order = new Set<string>();
  private readonly byBase = new Map<string, ChannelSubscription>();

  get size(): number {
    return this.order.size;
  }

  /** Reference texts in the order they were subscribed. */
  list(): string[] {
    return [...this.order];
  }

  /** Base channel names with at least one reference. */
  bases(): string[] {
    return [...this.byBase.keys()];
  }

  has(ref: string): boolean {
    return this.order.has(ref);
  }

  get(base: string): ChannelSubscription | undefined {
    return this.byBase.get(base);
  }

  /** Adds a reference; true when its base had no reference before (the hub must attach). */
  add(text: string, ref: ChannelRef, spec: ChannelSpec): boolean {
    if (this.order.has(text)) return false;
    this.order.add(text);
    let sub = this.byBase.get(ref.name);
    const fresh = sub === undefined;
    if (!sub) {
      sub = { spec, refs: new Map(), allHosts: 0 };
      this.byBase.set(ref.name, sub);
    }
    sub.refs.set(text, ref.host);
    if (ref.host === undefined) sub.allHosts++;
    return fresh;
  }

  /** Removes a reference; true when its base has no reference left (the hub must detach). */
  remove(text: string, base: string): boolean {
    if (!this.order.delete(text)) return false;
    const sub = this.byBase.get(base);
    if (!sub) return false;
    if (sub.refs.get(text) === undefined) sub.allHosts--;
    sub.refs.delete(text);
    if (sub.refs.size > 0) return false;
    this.byBase.delete(base);
    return true;
  }

  /** Whether an event of `base` from `host` passes the socket's filter for that base. */
  matches(base: string, host: string): boolean {
    const sub = this.byBase.get(base);
    return sub !== undefined && (sub.allHosts > 0 || refsMatch(sub.refs.values(), host));
  }

  clear(): void {
    this.order.clear();
    this.byBase.clear();
  }
}

/** True when any of the host filters (undefined = all) admits `host`. */
export function refsMatch(hosts: Iterable<string | undefined>, host: string): boolean {
  for (const h of hosts) if (h === undefined || h === host) return true;
  return false;
}
