/**
 * Quoting of NUT's network protocol (docs/net-protocol.txt): a line is words separated by spaces;
 * a word with spaces is wrapped in double quotes; inside a word a backslash makes the next
 * character literal, so `\"` is a quote and `\\` a backslash. upsd escapes values this way
 * (`VAR ups ups.alarm "Replace \"battery\""`) and parses commands the same way.
 */
import { NutError } from "./errors.js";

/** Result of {@link splitWords}: the words, or why the line cannot be split. */
export type SplitResult = { ok: true; words: string[] } | { ok: false; reason: string };

/**
 * Splits one protocol line into words, removing quotes and resolving backslash escapes.
 *
 * Contract: runs of spaces or tabs separate words; `""` is an empty word; a quoted part may sit
 * inside a word (`a"b c"d` is `ab cd`, as NUT's parser reads it). An unterminated quote or a
 * trailing lone backslash is not a line upsd sends: reported as `ok: false`.
 */
export function splitWords(line: string): SplitResult {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "\\") {
      if (i + 1 >= line.length) return { ok: false, reason: "line ends with a lone backslash" };
      word += line[++i];
      inWord = true;
    } else if (ch === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && (ch === " " || ch === "\t")) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quoted) return { ok: false, reason: "unterminated quote" };
  if (inWord) words.push(word);
  return { ok: true, words };
}

/** `value` in double quotes with `\` and `"` escaped: how a value is sent (SET VAR) or received. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** Undoes {@link quote} for one quoted (or bare) word; throws `WW_NUT_PROTOCOL` if malformed. */
export function unquote(text: string): string {
  const split = splitWords(text);
  if (!split.ok)
    throw new NutError("WW_NUT_PROTOCOL", `cannot unquote ${JSON.stringify(text)}: ${split.reason}`);
  if (split.words.length !== 1) {
    throw new NutError(
      "WW_NUT_PROTOCOL",
      `expected one word, got ${split.words.length}: ${JSON.stringify(text)}`,
    );
  }
  return split.words[0] as string;
}

/**
 * One command argument as it goes on the wire: bare when it is a plain token, otherwise quoted.
 *
 * Contract: throws `WW_NUT_ARGUMENT` for an empty argument or one holding CR, LF or NUL — a line
 * break would end the command early and let the rest run as another command.
 */
export function formatArg(arg: string, what = "argument"): string {
  if (arg.length === 0) throw new NutError("WW_NUT_ARGUMENT", `${what} is empty`);
  if (/[\r\n\0]/.test(arg)) {
    throw new NutError("WW_NUT_ARGUMENT", `${what} contains a line break or NUL`);
  }
  return /^[^\s"\\]+$/.test(arg) ? arg : quote(arg);
}
