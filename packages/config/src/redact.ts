/**
 * Masks secrets in values before they are shown. A secret option becomes "***" (a URL keeps
 * everything but its credentials); an object or list is masked key by key; anything standing
 * where the schema expects secrets below (e.g. a string where `auth.jwt` belongs) is masked
 * whole, as are unknown keys' values inside anything that holds secrets.
 */
import { isPlainObject } from "./paths.js";
import { type AnySchema, childOf, containsSecret, inspect } from "./schema-walk.js";

export const MASK = "***";

/** `value` with every secret (according to `schema`, the schema at the value's path) masked. */
export function redact(value: unknown, schema: AnySchema | undefined): unknown {
  if (value === undefined) return undefined;
  if (!schema) return MASK;
  const { meta } = inspect(schema);
  if (meta.secret === "url") return maskUrl(value);
  if (meta.secret) return MASK;
  if (!containsSecret(schema)) return value;
  if (Array.isArray(value)) return value.map((item, index) => redact(item, childOf(schema, index)));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redact(item, childOf(schema, key))]),
    );
  }
  return MASK;
}

/** A URL with its user name and password masked; anything unparseable masked whole. */
export function maskUrl(value: unknown): unknown {
  if (typeof value !== "string") return MASK;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  if (!url.username && !url.password) return value;
  const userinfo = `${url.username ? MASK : ""}${url.password ? `:${MASK}` : ""}`;
  return value.replace(/^([^:/?#]+:\/\/)[^/?#]*@/, `$1${userinfo}@`);
}
