/**
 * The logging surface the packages need: pino's `(object, message)` call shape, so the process
 * logger from @wirewatch/runtime can be passed as is. Packages log through it and default to
 * {@link silentLogger}.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
