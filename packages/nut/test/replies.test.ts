import { describe, expect, it } from "vitest";
import { listReply, okReply, type ReplyStep, wordsReply } from "../src/replies.js";

function feed<T>(reader: (line: string) => ReplyStep<T>, lines: string[]) {
  const steps = lines.map((line) => reader(line));
  return { steps, last: steps[steps.length - 1] };
}

describe("okReply", () => {
  it("resolves OK and OK <text>", () => {
    expect(okReply("LOGIN ups1")("OK")).toEqual({ done: true, value: "" });
    expect(okReply("STARTTLS")("OK STARTTLS")).toEqual({ done: true, value: "STARTTLS" });
  });

  it("turns ERR into a typed server error that keeps the connection", () => {
    const step = okReply("LOGIN ups1")("ERR ACCESS-DENIED");
    expect(step).toMatchObject({
      done: true,
      resync: false,
      error: { code: "ACCESS-DENIED", fromServer: true },
    });
  });

  it("keeps extra words after the ERR code as detail", () => {
    const step = okReply("SET VAR ups1 x 1")("ERR SET-FAILED driver said no");
    expect(step).toMatchObject({ error: { code: "SET-FAILED", detail: "driver said no" } });
  });

  it("asks for a reset on a line that is no reply to it", () => {
    expect(okReply("USERNAME mon")('VAR ups1 ups.status "OL"')).toMatchObject({
      done: true,
      resync: true,
      error: { code: "WW_NUT_PROTOCOL" },
    });
  });
});

describe("wordsReply", () => {
  const getVar = () => wordsReply("GET VAR ups1 ups.status", ["VAR", "ups1", "ups.status"], 1);

  it("returns the value words", () => {
    expect(getVar()('VAR ups1 ups.status "OB LB"')).toEqual({ done: true, value: ["OB LB"] });
  });

  it("compares the UPS name case-insensitively, as upsd does", () => {
    expect(getVar()('VAR UPS1 ups.status "OL"')).toEqual({ done: true, value: ["OL"] });
  });

  it("rejects another variable, a missing value and an unterminated quote", () => {
    for (const line of ['VAR ups1 battery.charge "100"', "VAR ups1 ups.status", 'VAR ups1 ups.status "OL']) {
      expect(getVar()(line)).toMatchObject({ done: true, resync: true, error: { code: "WW_NUT_PROTOCOL" } });
    }
  });
});

describe("listReply", () => {
  const listVar = () => listReply("LIST VAR ups1", ["VAR", "ups1"], ["VAR", "ups1"], 2);

  it("collects items between BEGIN and END", () => {
    const { steps, last } = feed(listVar(), [
      "BEGIN LIST VAR ups1",
      'VAR ups1 battery.charge "100"',
      'VAR ups1 ups.status "OL CHRG"',
      "END LIST VAR ups1",
    ]);
    expect(steps.slice(0, 3).every((s) => !s.done)).toBe(true);
    expect(last).toEqual({
      done: true,
      value: [
        ["battery.charge", "100"],
        ["ups.status", "OL CHRG"],
      ],
    });
  });

  it("skips unknown lines inside the frame (the frame keeps the stream aligned)", () => {
    const { steps, last } = feed(listVar(), [
      "BEGIN LIST VAR ups1",
      "X-EXTENSION something new",
      'VAR ups1 x "unterminated',
      'VAR ups2 ups.status "OL"',
      'VAR ups1 ups.status "OL"',
      "END LIST VAR ups2",
      "END LIST VAR ups1",
    ]);
    expect(steps.filter((s) => !s.done && s.ignored)).toHaveLength(4);
    expect(last).toEqual({ done: true, value: [["ups.status", "OL"]] });
  });

  it("answers ERR instead of BEGIN as a server error", () => {
    expect(listVar()("ERR DATA-STALE")).toMatchObject({
      done: true,
      resync: false,
      error: { code: "DATA-STALE" },
    });
  });

  it("asks for a reset when the first line is not its BEGIN", () => {
    expect(listVar()("BEGIN LIST RW ups1")).toMatchObject({ done: true, resync: true });
  });
});
