/** Stable error codes of the bus (`err.code`). */
export type BusErrorCode =
  /** The channel name is not a valid base channel name (no `@host`, no wildcards). */
  | "WW_BUS_INVALID_CHANNEL"
  /** The draft is malformed: bad host, type or timestamp, missing or unserialisable data. */
  | "WW_BUS_INVALID_EVENT"
  /** Another argument is malformed: a resume point, a limit, an option. */
  | "WW_BUS_INVALID_ARGUMENT"
  /** The backend is unreachable; nothing was queued. Retry later (the collector samples again). */
  | "WW_BUS_DOWN"
  /** The backend answered with an error (for example Redis out of memory); the publish failed. */
  | "WW_BUS_BACKEND_ERROR"
  /** Too many publishes are waiting for the backend (`publishInFlightMax`). */
  | "WW_BUS_QUEUE_FULL"
  /** The bus was closed. */
  | "WW_BUS_CLOSED";

/** Every error the bus raises on purpose. */
export class BusError extends Error {
  override readonly name = "BusError";
  readonly code: BusErrorCode;

  constructor(code: BusErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isBusError(error: unknown, code?: BusErrorCode): error is BusError {
  return error instanceof BusError && (code === undefined || error.code === code);
}
