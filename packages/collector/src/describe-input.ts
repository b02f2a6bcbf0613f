const MAX_NAMES = 3;

/**
 * A short human summary of a parse task's input for the `jobs` queue view: how many files
 * (objects with a `path`), how much text, and the first few paths — never the contents.
 */
export function describeInput(input: unknown): string {
  if (typeof input === "string") return `${formatBytes(input.length)} of text`;
  const paths: string[] = [];
  let bytes = 0;
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.path === "string") {
      paths.push(record.path);
      for (const [key, field] of Object.entries(record))
        if (key !== "path" && typeof field === "string") bytes += field.length;
      return;
    }
    for (const field of Object.values(record)) visit(field, depth + 1);
  };
  visit(input, 0);
  if (paths.length === 0) return "no files";
  const shown = paths.slice(0, MAX_NAMES).join(", ");
  const more = paths.length > MAX_NAMES ? ` +${paths.length - MAX_NAMES} more` : "";
  return `${paths.length} file${paths.length === 1 ? "" : "s"}, ${formatBytes(bytes)}: ${shown}${more}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
