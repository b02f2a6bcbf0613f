import { readdirSync } from "node:fs";
import { upsStatusPayloadSchema } from "@wirewatch/protocol";
import { readTestdata, TESTDATA_DIR } from "@wirewatch/testkit";
import { describe, expect, it } from "vitest";
import { toUpsPayload } from "../../../../src/inputs/ups/parse/ups-payload.js";
import { parseUpscDump } from "../../../../src/inputs/ups/parse/upsc-dump.js";
import { unnamedFields } from "../../../helpers/unnamed-fields.js";

/** Protocol's full schema of `infrastructure.status` describes what the ups input emits, field for field. */
describe("toUpsPayload against protocol's upsStatusPayloadSchema", () => {
  for (const file of readdirSync(`${TESTDATA_DIR}nut`).filter((f) => f.endsWith(".dev"))) {
    it(`${file}: parses, with no field unnamed`, () => {
      const vars = parseUpscDump(readTestdata(`nut/${file}`));
      const payload = toUpsPayload({ name: "ups", server: "127.0.0.1:3493", description: "rack", vars });
      expect(upsStatusPayloadSchema.safeParse(payload).error).toBeUndefined();
      expect(unnamedFields(upsStatusPayloadSchema, payload)).toEqual([]);
    });
  }
});
