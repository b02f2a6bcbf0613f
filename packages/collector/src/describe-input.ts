const MAX_NAMES = 3;

/** The files a parse task's input carries (objects with a `path`) and their text, in bytes. */
export interface InputMeasure {
  paths: string[];
  /** Characters of text: every string field of the file objects, or the input itself. */
  bytes: number;
}

/**
 * Walks a parse task's input (at most 4 levels deep) for its files and the size of their text.
 * With `stopAboveBytes`, stops once the text is known to be larger (paths then incomplete).
 */
export function measureInput(input: unknown, stopAboveBytes = Number.POSITIVE_INFINITY): InputMeasure {
  if (typeof input === "string") return { paths: [], bytes: input.length };
  const paths: string[] = [];
  let bytes = 0;
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || value === null || typeof value !== "object" || bytes > stopAboveBytes) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.path === "string") {
      paths.push(record.path);
      for (const key in record) {
        const field = record[key];
        if (key !== "path" && typeof field === "string") bytes += field.length;
      }
      return;
    }
    for (const key in record) visit(record[key], depth + 1);
  };
  visit(input, 0);
  return { paths, bytes };
}

/**
 * A short human summary of a parse task's input for the `jobs` queue view: how many files
 * (objects with a `path`), how much text, and the first few paths — never the contents.
 */
export function describeInput(input: unknown): string {
  if (typeof input === "string") return `${formatBytes(input.length)} of text`;
  const { paths, bytes } = measureInput(input);
  if (paths.length === 0) return "no files";
  const shown = paths.slice(0, MAX_NAMES).join(", ");
  const more = paths.length > MAX_NAMES ? ` +${paths.length - MAX_NAMES} more` : "";
  return `${paths.length} file${paths.length === 1 ? "" : "s"}, ${formatBytes(bytes)}: ${shown}${more}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
