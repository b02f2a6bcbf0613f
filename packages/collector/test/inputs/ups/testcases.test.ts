import { upsConfigSchema } from "../../../src/inputs/ups/config.js";
import { createUpsCollector } from "../../../src/inputs/ups/index.js";
import { runTestcases } from "../../helpers/testcases.js";
import { createRecordedUpsd, type RecordedUpsd } from "./recorded-upsd.js";

/**
 * The ups input's golden cases (src/inputs/ups/testcases/*): upsd answers from recorded `upsc`
 * dumps through the input's NUT source seam.
 */
runTestcases("ups", async (scenario, ctx) => {
  const upsd = createRecordedUpsd(scenario.recorded as RecordedUpsd);
  const input = createUpsCollector(upsConfigSchema.parse(scenario.config), ctx, upsd.sources);
  return { input, teardown: async () => {} };
});
