import { silentLogger } from "@wirewatch/protocol";
import { createInlineRunner } from "../../src/inline-runner.js";
import type { InputContext } from "../../src/registry.js";
import { createManualClock, type ManualClock } from "./manual-clock.js";

/** What an input is created with in tests: host `nas1`, the inline runner and a hand-driven clock. */
export function testInputContext(
  clock: ManualClock = createManualClock(),
): InputContext & { clock: ManualClock } {
  return { host: "nas1", runner: createInlineRunner({ clock }), clock, logger: silentLogger };
}
