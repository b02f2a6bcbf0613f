/**
 * A one-line human text for any thrown value: an Error's message (or its name when the message is
 * empty), a string as is, anything else as JSON where it can be serialised, else `String(value)`.
 * For status fields and log messages; never throws.
 */
export function errorText(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
