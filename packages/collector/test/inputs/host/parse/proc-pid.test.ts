import { describe, expect, it } from "vitest";
import { parsePasswd, parseProcess } from "../../../../src/inputs/host/parse/proc-pid.js";

// testdata/ holds no /proc/<pid> recordings (see testdata/SOURCES.md); these follow proc(5):
// stat fields 1–24 (pid, comm, state, ppid, …, utime 14, stime 15, num_threads 20, starttime 22,
// rss 24 in pages), status `Key:\tvalue` lines, cmdline NUL-separated.
const STAT =
  "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 2360 0 0 0 1500 250 0 0 20 0 3 0 123456 900000000 5000 18446744073709551615";
const STATUS =
  "Name:\tmy (odd) proc\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\nVmRSS:\t   20480 kB\n";

describe("parseProcess", () => {
  it("counts fields from the last ')' so comm may hold spaces and parentheses", () => {
    const p = parseProcess({
      pid: 4242,
      stat: STAT,
      status: STATUS,
      cmdline: "/usr/bin/odd\0--flag\0value\0",
    });
    expect(p).toEqual({
      pid: 4242,
      name: "my (odd) proc",
      state: "S",
      ppid: 1,
      cpu_ticks: 1500 + 250, // utime + stime
      start_ticks: 123456,
      threads: 3,
      rss_bytes: 20480 * 1024, // VmRSS
      uid: 1000,
      cmdline: "/usr/bin/odd --flag value",
    });
  });

  it("falls back to stat's rss pages and comm for a kernel thread without VmRSS", () => {
    const p = parseProcess({
      pid: 2,
      stat: STAT.replace("4242 (my (odd) proc)", "2 (kthreadd)"),
      status: null,
      cmdline: "",
    });
    expect(p).toMatchObject({ name: "kthreadd", rss_bytes: 5000 * 4096, uid: null, cmdline: "" });
  });

  it("rejects a truncated stat", () => {
    expect(() => parseProcess({ pid: 1, stat: "1 (init) S 0 1 1", status: null, cmdline: null })).toThrow(
      /stat has 6 fields, at least 24 expected/,
    );
  });
});

describe("parsePasswd", () => {
  it("maps uids to names, first entry wins, comments and junk skipped", () => {
    const users = parsePasswd(
      "# comment\nroot:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\ntoor:x:0:0::/:/bin/sh\nbroken\n",
    );
    expect([...users]).toEqual([
      [0, "root"],
      [1000, "alice"],
    ]);
  });
});
