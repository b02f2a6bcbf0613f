import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "../src/index.js";

export interface MemoryLog {
  logger: Logger;
  /** Raw lines as written. */
  lines: string[];
  /** Lines parsed as JSON records. */
  records(): Array<Record<string, unknown>>;
}

/** A JSON logger writing into memory. */
export function memoryLogger(level: "debug" | "info" = "debug"): MemoryLog {
  const lines: string[] = [];
  const logger = createLogger({ level, pretty: false, destination: { write: (line) => lines.push(line) } });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export function baseUrl(address: AddressInfo): string {
  return `http://127.0.0.1:${address.port}`;
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
// Values as Prometheus parses them (Go's ParseFloat: NaN/Inf in any case; prom-client writes "Nan").
const SAMPLE = new RegExp(
  `^${NAME}(?:\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? (?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[Nn][Aa][Nn]|[-+][Ii][Nn][Ff])(?: -?\\d+)?$`,
);
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE ${NAME} (?:counter|gauge|histogram|summary|untyped)$`);

/** Lines of a Prometheus text exposition that are not valid (empty when all are). */
export function invalidExpositionLines(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .filter((line) => !SAMPLE.test(line) && !HELP.test(line) && !TYPE.test(line));
}
