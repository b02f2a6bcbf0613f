import { describe, expect, it } from "vitest";
import { queryWithoutToken } from "../../src/connection/upgrade.js";

describe("queryWithoutToken", () => {
  it("gives dialects the upgrade URL's parameters, never the token", () => {
    const q = queryWithoutToken("token=s3cret&boxid=abc&channel=a&channel=b");
    expect(q.get("token")).toBeNull();
    expect(q.get("boxid")).toBe("abc");
    expect(q.getAll("channel")).toEqual(["a", "b"]);
    expect(q.toString()).not.toContain("s3cret");
    expect([...queryWithoutToken("").keys()]).toEqual([]);
  });
});
