import { NutError, type RequestOptions } from "@wirewatch/nut";
import { readTestdata } from "@wirewatch/testkit";
import { z } from "zod";
import type { NutSource, NutSourceFactory } from "../../../src/inputs/ups/nut-source.js";
import { parseUpscDump } from "../../../src/inputs/ups/parse/upsc-dump.js";
import { serverLabel } from "../../../src/inputs/ups/server-task.js";
import { createStall, type Stall } from "../../helpers/stall.js";

/**
 * What upsd answers for one UPS: the variables of a recorded `upsc` dump under testdata/ (with
 * `vars` overriding some), only `vars` (e.g. `ups.status: WAIT`, what upsd serves while a
 * restarted driver starts), or the `ERR` word `LIST VAR` gets (`DATA-STALE`).
 */
const upsAnswerSchema = z.strictObject({
  testdata: z.string().optional(),
  vars: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
  description: z.string().optional(),
});

/**
 * The upsd servers of a UPS scenario's `recorded.json`, by the server's label (its `name`, else
 * `host:port`), each listing its UPSes in `LIST UPS` order. A configured server that is not
 * recorded refuses connections.
 */
export const recordedUpsdSchema = z.strictObject({
  servers: z.record(z.string(), z.record(z.string(), upsAnswerSchema)),
});
export type RecordedUpsd = z.input<typeof recordedUpsdSchema>;

/** A NUT source factory answering from recordings, as the real client would (signals included). */
export interface RecordedUpsdRig {
  sources: NutSourceFactory;
  /** Sources made and not yet closed. */
  open(): number;
  /** Makes later requests hang until their signal aborts (an upsd that stopped answering). */
  io: Stall;
}

export function createRecordedUpsd(recorded: RecordedUpsd): RecordedUpsdRig {
  const { servers } = recordedUpsdSchema.parse(recorded);
  let open = 0;
  const io = createStall();
  /** Like the client: an aborted request rejects with the signal's reason; a stalled one waits. */
  const request = async <T>(options: RequestOptions | undefined, answer: () => T): Promise<T> => {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    if (io.active) return io.hang(signal);
    return answer();
  };

  const sources: NutSourceFactory = (server) => {
    const where = `${server.host}:${server.port}`;
    const upses = servers[serverLabel(server)];
    let closed = false;
    open += 1;
    const refuse = () => {
      throw new NutError(
        "WW_NUT_CONNECT",
        `cannot connect to upsd at ${where}: connect ECONNREFUSED ${where}`,
      );
    };
    const source: NutSource = {
      listUps: (options) =>
        request(options, () =>
          Object.entries(upses ?? refuse()).map(([name, ups]) => ({
            name,
            description: ups.description ?? "",
          })),
        ),
      listVars: (name, options) =>
        request(options, () => {
          const ups = (upses ?? refuse())[name];
          if (!ups) throw new NutError("UNKNOWN-UPS", `LIST VAR ${name}: UNKNOWN-UPS`);
          if (ups.error) throw new NutError(ups.error, `LIST VAR ${name}: ${ups.error}`);
          return { ...(ups.testdata ? parseUpscDump(readTestdata(ups.testdata)) : {}), ...ups.vars };
        }),
      async close() {
        if (!closed) open -= 1;
        closed = true;
      },
    };
    return source;
  };
  return {
    sources,
    open: () => open,
    io,
  };
}
