import { describe, expect, it } from "vitest";
import { NutError } from "../src/errors.js";
import { formatArg, quote, splitWords, unquote } from "../src/quote.js";

describe("splitWords", () => {
  it("splits bare and quoted words, resolving escapes", () => {
    expect(splitWords('VAR ups1 ups.alarm "Replace \\"battery\\" now\\\\"')).toEqual({
      ok: true,
      words: ["VAR", "ups1", "ups.alarm", 'Replace "battery" now\\'],
    });
  });

  it("keeps empty quoted words and collapses runs of blanks", () => {
    expect(splitWords('RW  ups1\tbattery.date   ""')).toEqual({
      ok: true,
      words: ["RW", "ups1", "battery.date", ""],
    });
  });

  it("joins a quoted part inside a word, as NUT's parser does", () => {
    expect(splitWords('a"b c"d')).toEqual({ ok: true, words: ["ab cd"] });
  });

  it("reports an unterminated quote and a lone trailing backslash", () => {
    expect(splitWords('VAR ups1 x "open')).toEqual({ ok: false, reason: "unterminated quote" });
    expect(splitWords("VAR ups1 x \\")).toEqual({ ok: false, reason: "line ends with a lone backslash" });
  });

  it("keeps UTF-8 text as is", () => {
    expect(splitWords('UPS salle "Onduleur salle serveur – étage 2"').ok).toBe(true);
  });
});

describe("quote / unquote", () => {
  it("round-trips values with quotes, backslashes and spaces", () => {
    for (const value of ['say "hi"', "C:\\path\\", "", "  two  spaces ", '\\"']) {
      expect(unquote(quote(value))).toBe(value);
    }
  });

  it("escapes exactly backslash and double quote", () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it("rejects text that is not one well-formed word", () => {
    expect(() => unquote('"open')).toThrow(NutError);
    expect(() => unquote("two words")).toThrow(/expected one word/);
  });
});

describe("formatArg", () => {
  it("leaves plain tokens bare and quotes the rest", () => {
    expect(formatArg("ups.status")).toBe("ups.status");
    expect(formatArg("pass word")).toBe('"pass word"');
    expect(formatArg('p"w')).toBe('"p\\"w"');
  });

  it("refuses empty arguments and line breaks (command injection)", () => {
    expect(() => formatArg("")).toThrow(expect.objectContaining({ code: "WW_NUT_ARGUMENT" }));
    expect(() => formatArg("ups1\nLOGOUT", "UPS name")).toThrow(/UPS name contains a line break/);
    expect(() => formatArg("a\0b")).toThrow(expect.objectContaining({ code: "WW_NUT_ARGUMENT" }));
  });
});
