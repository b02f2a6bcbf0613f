import { CLOSE_CODES } from "@wirewatch/protocol";
import { describe, expect, it } from "vitest";
import { PER_IP_RETRY_AFTER_MS, perIpRefusalReason } from "../../src/connection/upgrade.js";

describe("per-IP refusal policy", () => {
  it("closes with 1013 and a retry_after_ms hint in [PER_IP_RETRY_AFTER_MS, 2×), in the 1001 hint format", () => {
    expect(CLOSE_CODES.tryAgainLater).toBe(1013);
    const at = (draw: number) => JSON.parse(perIpRefusalReason(() => draw)) as Record<string, unknown>;
    expect(at(0)).toEqual({ reconnect: true, retry_after_ms: PER_IP_RETRY_AFTER_MS });
    expect(at(0.5)).toEqual({ reconnect: true, retry_after_ms: PER_IP_RETRY_AFTER_MS * 1.5 });
    expect(at(0.999999).retry_after_ms).toBe(2 * PER_IP_RETRY_AFTER_MS - 1);
    expect(PER_IP_RETRY_AFTER_MS).toBeGreaterThanOrEqual(1000);
  });

  it("fits in a close frame's reason (123 bytes)", () => {
    expect(Buffer.byteLength(perIpRefusalReason(() => 0.999999))).toBeLessThanOrEqual(123);
  });
});
