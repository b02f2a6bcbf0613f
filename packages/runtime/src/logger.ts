/**
 * The process logger: pino writing JSON lines to stdout, or pretty lines when the output is a
 * terminal (architecture §8). Every record — merged object, child bindings and message — passes
 * through `redactValue`/`redactSecrets` before it is written, and pino `redact` paths catch
 * what later serializers add, so tokens and passwords never reach the output (architecture §6).
 *
 * Apps create one logger at startup and hand `logger.child({ component })` to each part.
 */
import { hostname } from "node:os";
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from "pino";
import prettyFactory from "pino-pretty";
import { REDACT_PATHS, REDACTED, redactSecrets, redactValue } from "./redact.js";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** Minimum level written. Default `"info"`. */
  level?: LevelWithSilent;
  /** `"auto"` (default): pretty when the output is a TTY; `true`/`false` force it. */
  pretty?: "auto" | boolean;
  /** Written as `name` on every line, e.g. `"gateway"`. */
  name?: string;
  /** Where lines go. Default: stdout. Tests pass `{ write(line) {…} }`. */
  destination?: DestinationStream;
  /** Extra fields on every line (in addition to pid and hostname). */
  base?: Record<string, unknown>;
}

/** Creates the logger. Synchronous; never throws for valid options. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = "info", name, destination, base = {} } = options;
  const tty = isTTY(destination ?? process.stdout);
  const pretty = options.pretty === undefined || options.pretty === "auto" ? tty : options.pretty;
  const stream: DestinationStream | undefined = pretty
    ? prettyFactory({
        sync: true,
        colorize: tty,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname",
        ...(destination ? { destination } : {}),
      })
    : destination;

  const scrubErr = (value: unknown): unknown => redactValue(value);
  const opts: pino.LoggerOptions = {
    level,
    base: { pid: process.pid, hostname: hostname(), ...base },
    ...(name ? { name } : {}),
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    // Serializers run after `formatters.log`. `err` replaces pino's default, which would
    // re-serialize the already scrubbed plain object; `msg` is the only way to reach the message.
    serializers: {
      err: scrubErr,
      error: scrubErr,
      msg: (value: unknown) => (typeof value === "string" ? redactSecrets(value) : redactValue(value)),
    },
    formatters: {
      log: (object) => redactValue(object) as Record<string, unknown>,
      bindings: (bindings) => redactValue(bindings) as pino.Bindings,
    },
  };
  return scrubBindings(stream ? pino(opts, stream) : pino(opts));
}

/**
 * pino applies `formatters.bindings` to the root's base only, not to `child()` bindings.
 * Children are created with `Object.create(parent)`, so overriding `child` and `setBindings`
 * on the root covers every descendant.
 */
function scrubBindings(root: Logger): Logger {
  type Rebind = (this: unknown, bindings: pino.Bindings, options?: unknown) => unknown;
  const child = root.child as unknown as Rebind;
  const setBindings = root.setBindings as unknown as Rebind;
  root.child = function (this: unknown, bindings: pino.Bindings, options?: unknown) {
    return child.call(this, redactValue(bindings) as pino.Bindings, options);
  } as unknown as Logger["child"];
  root.setBindings = function (this: unknown, bindings: pino.Bindings) {
    setBindings.call(this, redactValue(bindings) as pino.Bindings);
  };
  return root;
}

function isTTY(target: unknown): boolean {
  return (target as { isTTY?: boolean }).isTTY === true;
}
