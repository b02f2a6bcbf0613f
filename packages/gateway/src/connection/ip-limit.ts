import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * Per-IP connection accounting (architecture §6). The client address is the TCP peer, unless the
 * peer is a trusted proxy: then `X-Forwarded-For` is walked from the right, skipping trusted
 * proxies, and the first untrusted address is the client (so a client cannot spoof its address
 * by sending its own X-Forwarded-For through the proxy). Connections are counted while open;
 * `acquire` hands back a release function that is safe to call more than once.
 *
 * Counts are per gateway process: behind a load balancer an address may hold up to
 * `maxConnectionsPerIp` on each replica, so losing a replica shrinks what it may hold in all.
 * Without the proxy in `trustedProxies` every client behind it is the proxy's address and
 * shares one limit; a client on the proxy's own host is indistinguishable from the proxy and is
 * counted as that address too (all hops trusted: the leftmost is the client).
 */
export interface IpLimiter {
  /** The address the limit (and `gateway.clients`) uses for this request. */
  clientAddress(req: IncomingMessage): string;
  /**
   * True when the request carries X-Forwarded-For from a peer that is not a trusted proxy (the
   * header is ignored): a misconfiguration when that peer is your load balancer.
   */
  ignoresForwardedFor(req: IncomingMessage): boolean;
  /** Takes a slot for `address`; undefined when the address is at its limit. */
  acquire(address: string): (() => void) | undefined;
  /** Open connections per address (for tests and stats). */
  count(address: string): number;
}

/** Options of {@link createIpLimiter}. */
export interface IpLimiterOptions {
  maxConnectionsPerIp: number;
  /** IPs or CIDR ranges (`10.0.0.0/8`, `fd00::/8`) whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
}

/** A limiter counting open connections per client address (see {@link IpLimiter}). */
export function createIpLimiter(options: IpLimiterOptions): IpLimiter {
  const trusted = buildBlockList(options.trustedProxies);
  const open = new Map<string, number>();

  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    if (family === 0 || options.trustedProxies.length === 0) return false;
    return trusted.check(address, family === 4 ? "ipv4" : "ipv6");
  };

  return {
    clientAddress(req) {
      const peer = normalizeAddress(req.socket.remoteAddress ?? "unknown");
      if (!isTrusted(peer)) return peer;
      const header = req.headers["x-forwarded-for"];
      const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
        .split(",")
        .map((h) => normalizeAddress(h.trim()))
        .filter((h) => h.length > 0);
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i]!;
        if (isIP(hop) === 0) return peer;
        if (!isTrusted(hop)) return hop;
      }
      return hops[0] ?? peer;
    },
    ignoresForwardedFor(req) {
      const header = req.headers["x-forwarded-for"];
      if (header === undefined || header.length === 0) return false;
      return !isTrusted(normalizeAddress(req.socket.remoteAddress ?? "unknown"));
    },
    acquire(address) {
      const current = open.get(address) ?? 0;
      if (current >= options.maxConnectionsPerIp) return undefined;
      open.set(address, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const n = (open.get(address) ?? 1) - 1;
        if (n <= 0) open.delete(address);
        else open.set(address, n);
      };
    },
    count: (address) => open.get(address) ?? 0,
  };
}

/** `::ffff:1.2.3.4` → `1.2.3.4`, so IPv4 clients on a dual-stack socket count once. */
export function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function buildBlockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0) continue;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}
