import { describe, expect, it } from "vitest";
import { waitFor } from "../src/index.js";

describe("waitFor", () => {
  it("resolves with the first truthy value, treating throws as not yet", async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls++;
        if (calls < 2) throw new Error("not yet");
        return calls < 3 ? 0 : "done";
      },
      { intervalMs: 1 },
    );
    expect(value).toBe("done");
    expect(calls).toBe(3);
  });

  it("names the condition and the last error when it gives up", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error("still broken");
        },
        { timeoutMs: 20, intervalMs: 5, description: "the widget" },
      ),
    ).rejects.toThrow(/waiting for the widget: last error: still broken/);
  });

  it("stops at once when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("service died"));
    await expect(waitFor(() => false, { signal: controller.signal })).rejects.toThrow("service died");
  });
});
