import { CollectorError } from "../../../errors.js";

/** A parse failure; callers that know the file path re-raise it with {@link inFile}. */
export function parseError(message: string): CollectorError {
  return new CollectorError("WW_COLLECTOR_PARSE", message);
}

/** Runs a parser on one file's text; failures are re-raised naming the file. */
export function inFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CollectorError("WW_COLLECTOR_PARSE", `${path}: ${message}`, { file: path, cause: err });
  }
}

/** Non-empty lines with their 1-based line numbers. */
export function numberedLines(text: string): { line: string; no: number }[] {
  const out: { line: string; no: number }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim().length > 0) out.push({ line, no: i + 1 });
  }
  return out;
}

/** A non-negative integer field; throws naming the line when it is not one. */
export function uint(token: string | undefined, what: string, lineNo: number): number {
  if (token === undefined || !/^\d+$/.test(token)) {
    throw parseError(
      `line ${lineNo}: ${what} is ${token === undefined ? "missing" : `'${token}', not a count`}`,
    );
  }
  return Number(token);
}

/** A non-negative decimal field. */
export function udecimal(token: string | undefined, what: string, lineNo: number): number {
  if (token === undefined || !/^\d+(\.\d+)?$/.test(token)) {
    throw parseError(
      `line ${lineNo}: ${what} is ${token === undefined ? "missing" : `'${token}', not a number`}`,
    );
  }
  return Number(token);
}
