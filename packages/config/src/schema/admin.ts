/** The `admin` section: the /livez, /readyz and /metrics listener of scaled-out apps. */
import { z } from "zod";
import { nonEmpty, port } from "./common.js";

export const adminSchema = z
  .strictObject({
    host: nonEmpty().default("0.0.0.0").describe("Address the admin endpoints listen on."),
    port: port()
      .default(9469)
      .describe("Port of the admin endpoints (scaled-out apps; `start` uses the gateway's)."),
  })
  .describe("Admin HTTP endpoints: /livez, /readyz, /metrics.");

export type AdminConfig = z.infer<typeof adminSchema>;
