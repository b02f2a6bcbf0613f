import { describe, expect, it } from "vitest";
import { isStaleError, NutError, serverError } from "../src/errors.js";

describe("serverError", () => {
  it("names the command and explains known codes", () => {
    const err = serverError("ERR DATA-STALE", "LIST VAR ups1");
    expect(err).toBeInstanceOf(NutError);
    expect(err.code).toBe("DATA-STALE");
    expect(err.command).toBe("LIST VAR ups1");
    expect(err.message).toMatch(/^LIST VAR ups1: DATA-STALE \(upsd has not heard/);
    expect(err.fromServer).toBe(true);
  });

  it("keeps unknown codes as sent", () => {
    expect(serverError("ERR FUTURE-THING", "LIST UPS")).toMatchObject({
      code: "FUTURE-THING",
      message: "LIST UPS: FUTURE-THING",
    });
  });
});

describe("isStaleError", () => {
  it("is true for DATA-STALE and DRIVER-NOT-CONNECTED only", () => {
    expect(isStaleError(new NutError("DATA-STALE", "x"))).toBe(true);
    expect(isStaleError(new NutError("DRIVER-NOT-CONNECTED", "x"))).toBe(true);
    expect(isStaleError(new NutError("UNKNOWN-UPS", "x"))).toBe(false);
    expect(isStaleError(new NutError("WW_NUT_TIMEOUT", "x"))).toBe(false);
    expect(new NutError("WW_NUT_TIMEOUT", "x").fromServer).toBe(false);
  });
});
