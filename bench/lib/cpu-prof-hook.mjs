// `--cpu-prof` for processes whose command line a benchmark does not control (Node refuses
// `--cpu-prof` in NODE_OPTIONS, but allows `--import`):
//   NODE_OPTIONS="--import=file:///…/bench/lib/cpu-prof-hook.mjs" CPU_PROF_DIR=DIR node app.js
// starts the V8 sampling profiler (1 ms interval, as --cpu-prof) before the app loads and writes
// DIR/CPU.<pid>.cpuprofile when the process exits (process.exit, a signal handler that exits,
// or the event loop running dry). Read it with bench/lib/cpuprofile.mjs.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by a benchmark for its servers, never by a turbo task
const dir = process.env.CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  process.once("exit", () => {
    // The in-process inspector answers synchronously, so this completes inside the exit handler.
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
