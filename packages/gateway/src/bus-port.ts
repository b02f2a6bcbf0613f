import type { Bus } from "@wirewatch/bus";

/**
 * The part of @wirewatch/bus's `Bus` the gateway uses (architecture §7). MemoryBus and RedisBus both
 * satisfy it; tests use the real MemoryBus.
 */
export type GatewayBus = Pick<Bus, "publish" | "subscribe" | "history" | "last" | "ready" | "onReadyChange">;
