/**
 * Readers of upsd's replies, one per command shape. A reader is fed the lines that follow its
 * command, one at a time, and says when the reply is complete:
 * - single-line replies (`OK…`, `VAR <ups> <var> "<value>"`, `ERR <CODE>`);
 * - lists: `BEGIN LIST <what>`, items, `END LIST <what>` (or one `ERR` line instead).
 *
 * A first line that fits neither the reply nor `ERR` means the stream no longer lines up with the
 * commands: the reader fails with `resync: true` and the connection must be reset. Inside a list
 * the BEGIN/END frame keeps the stream aligned, so lines of an unknown shape are skipped
 * (`ignored`), which tolerates additions to the protocol.
 */
import { NutError, serverError } from "./errors.js";
import { splitWords } from "./quote.js";

/** What a reader says after each line. */
export type ReplyStep<T> =
  | { done: false; ignored?: boolean }
  | { done: true; value: T }
  | { done: true; error: NutError; resync: boolean };

/** Reads the reply of one command; a fresh one per command sent. */
export type ReplyReader<T> = (line: string) => ReplyStep<T>;

const wordsEqual = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

function mismatch<T>(command: string, line: string, expected: string): ReplyStep<T> {
  const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
  return {
    done: true,
    error: new NutError("WW_NUT_PROTOCOL", `${command}: expected ${expected}, got ${JSON.stringify(shown)}`, {
      command,
    }),
    resync: true,
  };
}

const isErr = (line: string): boolean => line === "ERR" || line.startsWith("ERR ");

/** `OK` or `OK <text>` (USERNAME, PASSWORD, LOGIN, STARTTLS, LOGOUT…): resolves with `<text>`. */
export function okReply(command: string): ReplyReader<string> {
  return (line) => {
    if (isErr(line)) return { done: true, error: serverError(line, command), resync: false };
    if (line === "OK" || line.startsWith("OK ")) return { done: true, value: line.slice(3) };
    return mismatch(command, line, "OK");
  };
}

/**
 * One line starting with the words `head` (compared case-insensitively, as upsd compares UPS
 * names), followed by exactly `valueCount` more words: resolves with those words.
 */
export function wordsReply(
  command: string,
  head: readonly string[],
  valueCount: number,
): ReplyReader<string[]> {
  return (line) => {
    if (isErr(line)) return { done: true, error: serverError(line, command), resync: false };
    const split = splitWords(line);
    const words = split.ok ? split.words : [];
    const fits =
      split.ok && words.length === head.length + valueCount && head.every((w, i) => wordsEqual(words[i], w));
    if (!fits) return mismatch(command, line, `${head.join(" ")} and ${valueCount} value(s)`);
    return { done: true, value: words.slice(head.length) };
  };
}

/**
 * A list reply to `LIST <what…>`: collects the lines that start with `item` words and carry
 * `valueCount` more words after them (e.g. `VAR <ups>` + name, value), until `END LIST <what…>`.
 */
export function listReply(
  command: string,
  what: readonly string[],
  item: readonly string[],
  valueCount: number,
): ReplyReader<string[][]> {
  const begin = ["BEGIN", "LIST", ...what];
  const end = ["END", "LIST", ...what];
  const items: string[][] = [];
  let started = false;
  const matches = (words: string[], head: readonly string[], exact: boolean) =>
    (exact ? words.length === head.length : words.length >= head.length) &&
    head.every((w, i) => wordsEqual(words[i], w));

  return (line) => {
    if (!started) {
      if (isErr(line)) return { done: true, error: serverError(line, command), resync: false };
      const split = splitWords(line);
      if (!split.ok || !matches(split.words, begin, true)) return mismatch(command, line, begin.join(" "));
      started = true;
      return { done: false };
    }
    const split = splitWords(line);
    if (!split.ok) return { done: false, ignored: true };
    if (matches(split.words, end, true)) return { done: true, value: items };
    if (split.words.length === item.length + valueCount && matches(split.words, item, false)) {
      items.push(split.words.slice(item.length));
      return { done: false };
    }
    return { done: false, ignored: true };
  };
}
