import { describe, expect, it } from "vitest";
import { createLineReader } from "../src/line-reader.js";

function collect(maxLineBytes?: number) {
  const lines: string[] = [];
  const overflows: number[] = [];
  const reader = createLineReader({
    ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
    onLine: (line) => lines.push(line),
    onOverflow: (bytes) => overflows.push(bytes),
  });
  return { reader, lines, overflows };
}

const REPLY =
  'BEGIN LIST VAR ups1\nVAR ups1 ups.alarm "Batterie \\"défectueuse\\" – remplacer"\r\nEND LIST VAR ups1\n';

describe("createLineReader", () => {
  it("delivers the same lines whatever the byte boundaries", () => {
    const bytes = Buffer.from(REPLY, "utf8");
    const whole = collect();
    whole.reader.push(bytes);
    expect(whole.lines).toEqual([
      "BEGIN LIST VAR ups1",
      'VAR ups1 ups.alarm "Batterie \\"défectueuse\\" – remplacer"',
      "END LIST VAR ups1",
    ]);
    // every single split point, including inside the escapes and the multi-byte characters
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = collect();
      split.reader.push(bytes.subarray(0, cut));
      split.reader.push(bytes.subarray(cut));
      expect(split.lines).toEqual(whole.lines);
    }
    const byByte = collect();
    for (const byte of bytes) byByte.reader.push(Buffer.from([byte]));
    expect(byByte.lines).toEqual(whole.lines);
  });

  it("keeps a trailing partial line until its LF arrives", () => {
    const { reader, lines } = collect();
    reader.push(Buffer.from("OK\nVAR ups1 ups.st"));
    expect(lines).toEqual(["OK"]);
    expect(reader.pendingBytes()).toBe(15);
    reader.push(Buffer.from('atus "OL"\n'));
    expect(lines).toEqual(["OK", 'VAR ups1 ups.status "OL"']);
    expect(reader.pendingBytes()).toBe(0);
  });

  it("delivers empty lines and strips one CR before LF", () => {
    const { reader, lines } = collect();
    reader.push(Buffer.from("\n\r\nOK\r\r\n"));
    expect(lines).toEqual(["", "", "OK\r"]);
  });

  it("reports an over-long line once, then ignores everything", () => {
    const { reader, lines, overflows } = collect(8);
    reader.push(Buffer.from("12345678\n"));
    reader.push(Buffer.from("1234"));
    reader.push(Buffer.from("56789"));
    reader.push(Buffer.from("\nOK\n"));
    expect(lines).toEqual(["12345678"]);
    expect(overflows).toEqual([9]);
  });

  it("stops mid-chunk when told to", () => {
    const lines: string[] = [];
    const reader = createLineReader({
      onLine: (line) => {
        lines.push(line);
        reader.stop();
      },
      onOverflow: () => {},
    });
    reader.push(Buffer.from("A\nB\nC\n"));
    expect(lines).toEqual(["A"]);
  });
});
