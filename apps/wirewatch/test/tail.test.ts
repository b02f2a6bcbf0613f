import { describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli.js";
import type { Io } from "../src/io.js";

describe("wirewatch tail (no gateway needed)", () => {
  it("refuses a malformed or unknown channel with exit 2 before connecting", async () => {
    for (const [args, reason] of [
      [["system.*"], /system\.\*: channel name must be dotted lowercase words/],
      [["no.such.channel"], /no\.such\.channel: no channel named 'no\.such\.channel'/],
      [["system.stats", "--host", "bad host"], /system\.stats: host after '@'/],
    ] as const) {
      let err = "";
      let code = 0;
      const io: Io = {
        out: () => {},
        err: (t) => {
          err += t;
        },
        exit: (c) => {
          code = c;
        },
      };
      await buildProgram(io).parseAsync([
        "node",
        "wirewatch",
        "tail",
        ...args,
        "--url",
        "ws://127.0.0.1:9/api/v1/ws",
      ]);
      expect(code).toBe(2);
      expect(err).toMatch(reason);
    }
  });
});
