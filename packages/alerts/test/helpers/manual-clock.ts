/** The hand-driven clock lives in @wirewatch/testkit, shared by every package that schedules. */
export { createManualClock, type ManualClock, T0 } from "@wirewatch/testkit";
