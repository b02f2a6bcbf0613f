/**
 * The `bus` section. The engine is derived, not chosen: with `redis.url` set the processes share
 * a RedisBus (scaled-out mode); without it everything runs on the in-memory bus.
 */
import { z } from "zod";
import { nonNegativeInt, positiveInt, secret } from "./common.js";

const redisSchema = z
  .strictObject({
    url: secret(z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }), "url")
      .optional()
      .meta({ examples: ["redis://localhost:6379"] })
      .describe(
        "Redis URL (redis:// or rediss://; may carry a password). When set, events travel over Redis and " +
          "processes can be scaled out; when unset, the in-memory bus is used.",
      ),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
        message: "must be 1-64 of A-Z a-z 0-9 . _ : - (starting with a letter or digit)",
      })
      .refine((prefix) => !prefix.endsWith(":"), { message: "must not end in ':' (the bus adds it)" })
      .default("ww")
      .describe(
        "Prefix of every Redis key and pub/sub channel (`ww` → `ww:{system.stats}:meta`), so installations can share one Redis.",
      ),
  })
  .describe("Redis connection (scaled-out mode).");

export const busSchema = z
  .strictObject({
    redis: redisSchema.prefault({}),
    historyMaxLen: nonNegativeInt()
      .default(1000)
      .describe("Events kept per channel for replay: the window within which a client can resume."),
    historyMaxBytes: positiveInt()
      .default(8 * 1024 * 1024)
      .describe(
        "Bytes of history kept per channel (oldest events go first; the newest always stays). Bounds " +
          "what big custom.* payloads can hold.",
      ),
    historyTotalMaxBytes: positiveInt()
      .default(64 * 1024 * 1024)
      .describe(
        "Bytes of history kept over every channel by the in-memory bus (wirewatch start); the channel " +
          "holding most gives up its oldest events first. Redis bounds each channel only.",
      ),
    publishQueueMax: nonNegativeInt()
      .default(1000)
      .describe(
        "Publishes buffered while Redis is unreachable; beyond this, publish fails fast (WW_BUS_DOWN).",
      ),
  })
  .describe("Event bus: in memory, or Redis when bus.redis.url is set.");

export type BusConfig = z.infer<typeof busSchema>;
