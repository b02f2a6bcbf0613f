import { runTestcases } from "../../helpers/testcases.js";
import { createRecordedHost, type RecordedHost } from "./recorded-host.js";

/**
 * The host input's golden cases (src/inputs/host/testcases/*): each scenario's recorded machine as
 * a fake root read through files.ts, uname -m and statfs from the recording; the fake root's
 * directory shows as `<root>` in expected.json.
 */
runTestcases("host", async (scenario, ctx) => {
  const rig = await createRecordedHost(scenario.recorded as RecordedHost, scenario.config, ctx);
  return { input: rig.input, placeholders: { [rig.root.dir]: "<root>" }, teardown: rig.teardown };
});
