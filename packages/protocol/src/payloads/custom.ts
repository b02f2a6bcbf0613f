import { z } from "zod";

/** `custom.<name>`: any JSON object (size is bounded by the frame limit, not here). */
export const customSchema = z.record(z.string(), z.unknown());
export type CustomPayload = z.infer<typeof customSchema>;
