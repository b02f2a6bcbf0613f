/**
 * Building blocks shared by the section schemas: option metadata that zod itself has no slot
 * for (which options are secrets, which defaults are computed at load time) and the common
 * numeric and string shapes (ports, counts, absolute paths).
 */
import { isIP } from "node:net";
import { z } from "zod";

/** How a secret is masked when it has to be shown: entirely, or only a URL's credentials. */
export type SecretKind = "value" | "url";

/** Metadata the loader, the masker and the renderers read from a schema node. */
export interface OptionMeta {
  /** The option holds a secret: never printed, masked in problems. */
  secret?: SecretKind;
  /** The default is computed when the config is loaded; this text explains it in renderings. */
  runtimeDefault?: string;
}

/** Registry of {@link OptionMeta}, kept apart from zod's global registry (and the JSON Schema). */
export const optionMeta = z.registry<OptionMeta>();

/** Marks a schema as a secret and returns it. */
export function secret<T extends z.ZodType>(schema: T, kind: SecretKind = "value"): T {
  optionMeta.add(schema, { ...optionMeta.get(schema), secret: kind });
  return schema;
}

/** Marks a schema's default as computed at load time and returns it. */
export function runtimeDefault<T extends z.ZodType>(schema: T, explanation: string): T {
  optionMeta.add(schema, { ...optionMeta.get(schema), runtimeDefault: explanation });
  return schema;
}

/** A TCP port; 0 asks the OS for a free one. */
export const port = () => z.int().min(0).max(65535);

/** An integer of at least 1 (counts, intervals, sizes). */
export const positiveInt = () => z.int().min(1);

/** An integer of at least 0. */
export const nonNegativeInt = () => z.int().min(0);

/** A non-empty string. */
export const nonEmpty = () => z.string().min(1);

/** An absolute filesystem path. */
export const absolutePath = () =>
  z.string().startsWith("/", { message: "must be an absolute path (start with /)" });

/** An IPv4/IPv6 address or a CIDR range such as 10.0.0.0/8 or fd00::/8. */
export const ipOrCidr = () =>
  z.string().refine(isIpOrCidr, { message: "must be an IP address or a CIDR range (e.g. 10.0.0.0/8)" });

function isIpOrCidr(text: string): boolean {
  const [address = "", prefix, ...rest] = text.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A browser Origin: scheme://host[:port] with no path, e.g. https://dash.example.com. */
export const origin = () =>
  z.string().refine(isOrigin, {
    message: "must be an origin like https://example.com (scheme://host[:port], no path)",
  });

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}
