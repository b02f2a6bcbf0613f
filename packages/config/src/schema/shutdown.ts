/** The `shutdown` section: how long a process may take to stop after SIGTERM. */
import { z } from "zod";
import { nonNegativeInt } from "./common.js";

export const shutdownSchema = z
  .strictObject({
    graceMs: nonNegativeInt()
      .default(10000)
      .describe("Time allowed to close sockets, pools and Redis before the process exits anyway."),
  })
  .describe("Graceful shutdown.");

export type ShutdownConfig = z.infer<typeof shutdownSchema>;
