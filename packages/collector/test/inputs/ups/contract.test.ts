import { upsConfigSchema } from "../../../src/inputs/ups/config.js";
import { createUpsCollector } from "../../../src/inputs/ups/index.js";
import { listScenarios } from "../../helpers/testcases.js";
import { runInputContract } from "../contract.js";
import { createRecordedUpsd, type RecordedUpsd } from "./recorded-upsd.js";

/** The input contract over the upsd servers of the `two-servers` test case. */
const servers = listScenarios("ups").find((scenario) => scenario.name === "ups/two-servers");

runInputContract("ups", async (ctx) => {
  if (!servers) throw new Error("test case ups/two-servers is missing");
  const upsd = createRecordedUpsd(servers.recorded as RecordedUpsd);
  return {
    input: createUpsCollector(upsConfigSchema.parse(servers.config), ctx, upsd.sources),
    io: upsd.io,
    open: upsd.open,
    teardown: async () => {},
  };
});
