/**
 * Reads a YAML config file. Syntax errors become problems carrying the line and column; the
 * parsed document is kept so later problems and warnings can name the line a value came from.
 * Keys with empty (null) values are dropped, so a section whose options are all commented out
 * simply keeps its defaults.
 */
import { readFileSync } from "node:fs";
import { errorText } from "@wirewatch/protocol";
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { isPlainObject } from "./paths.js";
import type { ConfigProblem } from "./problems.js";

export interface ConfigFile {
  /** Absolute path of the file. */
  path: string;
  /** The parsed top-level mapping (empty for an empty file). */
  data: Record<string, unknown>;
  /** `path:line` of the value at `keyPath` (or of its nearest present ancestor). */
  locate(keyPath: readonly PropertyKey[]): string;
}

export type ReadResult = { ok: true; file: ConfigFile } | { ok: false; problems: ConfigProblem[] };

/** Reads and parses `path` (absolute). */
export function readConfigFile(path: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : errorText(error);
    return {
      ok: false,
      problems: [{ path: "", message: `cannot read config file: ${reason}`, source: path }],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      const message = `invalid YAML at line ${line}, column ${col}: ${error.message.split("\n")[0]?.slice(0, 120)}`;
      return { path: "", message, source: `${path}:${line}` };
    });
    return { ok: false, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: "", message: `invalid YAML: ${errorText(error)}`, source: path }],
    };
  }
  if (data === null || data === undefined) data = {};
  if (!isPlainObject(data)) {
    return {
      ok: false,
      problems: [{ path: "", message: "must contain a mapping of options at the top level", source: path }],
    };
  }
  return {
    ok: true,
    file: { path, data: dropNulls(data), locate: (keyPath) => locate(doc, lines, path, keyPath) },
  };
}

/** `path:line` of the key at `keyPath`, or of its nearest ancestor present in the document. */
function locate(doc: Document, lines: LineCounter, path: string, keyPath: readonly PropertyKey[]): string {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? path : `${path}:${lines.linePos(offset).line}`;
}

function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null) continue;
    const cleaned = isPlainObject(item) ? dropNulls(item) : item;
    Object.defineProperty(result, key, {
      value: cleaned,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
