import { afterEach, describe, expect, it } from "vitest";
import { Mailboxes } from "../../src/dialects/tvheadend-mailbox.js";

let boxes: Mailboxes | undefined;
afterEach(() => boxes?.close());

describe("Mailboxes", () => {
  it("resumes a detached box of the same owner within the TTL, with what it held", () => {
    let now = 0;
    boxes = new Mailboxes({ ttlMs: 60_000, maxPending: 100, now: () => now });
    const { box, resumed } = boxes.open("admin", null);
    expect(resumed).toBe(false);
    expect(box.id).toMatch(/^[0-9a-f]{32}$/);
    boxes.add(box, ['{"a":1}']);
    box.resume.log = { seq: 7, epoch: "e" };
    boxes.detach(box);
    now = 59_000;
    const again = boxes.open("admin", box.id);
    expect(again.resumed).toBe(true);
    expect(again.box).toBe(box);
    expect(again.box.pending).toEqual(['{"a":1}']);
    expect(again.box.resume).toEqual({ log: { seq: 7, epoch: "e" } });
  });

  it("starts a fresh box for an unknown, expired, attached or foreign boxid", () => {
    let now = 0;
    boxes = new Mailboxes({ ttlMs: 1000, maxPending: 100, now: () => now });
    const { box } = boxes.open("admin", null);
    expect(boxes.open("admin", box.id).resumed).toBe(false); // still attached
    expect(boxes.open("admin", "not-a-box").resumed).toBe(false);
    boxes.detach(box);
    expect(boxes.open("reader", box.id).resumed).toBe(false); // another token's box
    now = 1001;
    const expired = boxes.open("admin", box.id);
    expect(expired.resumed).toBe(false);
    expect(expired.box.id).not.toBe(box.id);
    expect(expired.box.pending).toEqual([]);
  });

  it("forgets expired boxes and bounds what one box holds", () => {
    let now = 0;
    boxes = new Mailboxes({ ttlMs: 1000, maxPending: 3, now: () => now });
    const { box } = boxes.open("admin", null);
    boxes.add(box, ["1", "2"]);
    boxes.add(box, ["3", "4", "5"]);
    expect(box.pending).toEqual(["3", "4", "5"]);
    boxes.detach(box);
    now = 5000;
    boxes.open("admin", null);
    expect(boxes.size).toBe(1);
  });
});
