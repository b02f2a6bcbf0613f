import type { DraftEvent } from "@wirewatch/protocol";

/** Where events go: the Bus, or anything with `publish(draft)` (collector's `Publisher` shape). */
export interface Publisher {
  publish(draft: DraftEvent): Promise<unknown>;
}
