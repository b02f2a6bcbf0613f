/**
 * The logging surface the collector needs: pino's `(object, message)` call shape, so a pino
 * logger (from @wirewatch/runtime) can be passed as is. The default is silent.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
