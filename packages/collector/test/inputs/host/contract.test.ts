import { listScenarios } from "../../helpers/testcases.js";
import { runInputContract } from "../contract.js";
import { createRecordedHost, type RecordedHost } from "./recorded-host.js";

/** The input contract over the machine of the `nas-every-schedule` test case: every schedule has data. */
const nas = listScenarios("host").find((scenario) => scenario.name === "host/nas-every-schedule");

runInputContract("host", async (ctx) => {
  if (!nas) throw new Error("test case host/nas-every-schedule is missing");
  return createRecordedHost(nas.recorded as RecordedHost, nas.config, ctx);
});
