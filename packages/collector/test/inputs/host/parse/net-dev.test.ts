import { readTestdata } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { parseNetDev } from "../../../../src/inputs/host/parse/net-dev.js";

describe("parseNetDev", () => {
  it("reads every interface of procfs's net/dev, including names that touch their first counter", () => {
    const devices = parseNetDev(readTestdata("proc/procfs/net/dev"));
    expect(devices.map((d) => d.device)).toEqual(["vethf345468", "lo", "docker0", "eth0"]);
    expect(devices[0]).toMatchObject({
      receive_bytes: 648,
      receive_packets: 8,
      transmit_bytes: 438,
      transmit_packets: 5,
    });
    expect(devices[3]).toMatchObject({ receive_bytes: 874354587, transmit_bytes: 563352563 });
  });

  it("reads a modern kernel's counters with errors and drops (jamescun)", () => {
    const devices = parseNetDev(readTestdata("proc/jamescun-procfs/net/dev"));
    expect(devices).toHaveLength(12);
    const wg0 = devices.find((d) => d.device === "wg0");
    // wg0: 15057317128 15027831  430 0 0 430 0 0 | 2495423504 9526411 790 1981 ...
    expect(wg0).toMatchObject({
      receive_errs: 430,
      receive_frame: 430,
      transmit_errs: 790,
      transmit_drop: 1981,
    });
    expect(devices.find((d) => d.device === "eno1")?.receive_multicast).toBe(21);
  });

  it("rejects a line cut short, naming the interface and line", () => {
    const text = readTestdata("proc/procfs/net/dev").replace(/ 563352563 .*$/m, " 563352563");
    expect(() => parseNetDev(text)).toThrow(/line 6: eth0 has 9 counters, 16 expected/);
  });
});
