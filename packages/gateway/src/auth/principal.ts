import type { ChannelSpec } from "@wirewatch/protocol";

/** What a principal may do; `admin` implies the other two. */
export type Permission = "read" | "publish" | "admin";
export const PERMISSIONS: readonly Permission[] = ["read", "publish", "admin"];

/**
 * Who is on the other end of a connection or an HTTP publish, as decided once at the upgrade
 * (or request) by the authenticator. The token itself is never kept here, only its name.
 */
export interface Principal {
  /** Name for logs and `gateway.clients`: the static token's name, `jwt:<sub>` or `anonymous`. */
  name: string;
  /** How the principal was established. */
  source: "static" | "jwt" | "none";
  /** `admin` implies `read` and `publish`. */
  permissions: ReadonlySet<Permission>;
  /**
   * Channel patterns the principal is limited to (`system.stats`, `custom.*`, `*`); undefined
   * means every channel its permissions allow.
   */
  channels?: readonly string[];
  /** Epoch milliseconds after which the credential is no longer valid (JWT `exp`). */
  expiresAt?: number;
}

/** The principal used when auth is off (`WIREWATCH_AUTH=none`): may do everything. */
export const ANONYMOUS: Principal = {
  name: "anonymous",
  source: "none",
  permissions: new Set<Permission>(["read", "publish", "admin"]),
};

/** True when the principal holds `permission`, or `admin`. */
export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has("admin") || principal.permissions.has(permission);
}

/** True when `name` (a base channel) matches one of the principal's channel patterns. */
export function channelAllowed(principal: Principal, name: string): boolean {
  if (principal.channels === undefined) return true;
  return principal.channels.some((pattern) => matchChannelPattern(pattern, name));
}

/** `*` matches everything, `prefix.*` matches `prefix.<anything>`, anything else is exact. */
export function matchChannelPattern(pattern: string, name: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*"))
    return name.startsWith(pattern.slice(0, -1)) && name.length > pattern.length - 1;
  return pattern === name;
}

/**
 * Whether the principal may subscribe to the channel: `read` (or `admin`), `admin` for
 * admin-only channels, and the channel limit. Returns the reason when it may not.
 */
export function mayRead(
  principal: Principal,
  spec: ChannelSpec,
): { ok: true } | { ok: false; reason: string } {
  if (!hasPermission(principal, "read")) return { ok: false, reason: "the token lacks the read permission" };
  if (spec.adminOnly && !principal.permissions.has("admin")) {
    return { ok: false, reason: `'${spec.name}' is admin-only` };
  }
  if (!channelAllowed(principal, spec.name)) {
    return { ok: false, reason: `the token is not allowed channel '${spec.name}'` };
  }
  return { ok: true };
}

/** Normalizes a list of permission strings from config or a JWT claim; unknown ones are dropped. */
export function toPermissions(input: unknown, fallback: readonly Permission[] = ["read"]): Set<Permission> {
  if (!Array.isArray(input)) return new Set(fallback);
  return new Set(input.filter((p): p is Permission => PERMISSIONS.includes(p as Permission)));
}
