import type { BusLogger } from "./bus.js";

function write(level: string, obj: object, msg?: string): void {
  process.stderr.write(`${JSON.stringify({ level, msg, ...obj })}\n`);
}

/** The default logger: warnings and errors as JSON lines on stderr, nothing else. */
export const stderrLogger: BusLogger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => write("warn", obj, msg),
  error: (obj, msg) => write("error", obj, msg),
};

/** A logger that drops everything (tests, benchmarks): protocol's. */
export { silentLogger } from "@wirewatch/protocol";

/** Turns an unknown thrown value into something a JSON logger prints usefully. */
export function errorFields(error: unknown): { err: { message: string; code?: string; name?: string } } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      err: { name: error.name, message: error.message, ...(typeof code === "string" ? { code } : {}) },
    };
  }
  return { err: { message: String(error) } };
}
