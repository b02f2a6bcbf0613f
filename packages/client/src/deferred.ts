/**
 * A promise with its settle functions, that never counts as an unhandled rejection by itself
 * (callers who do not await a subscription learn about failures from `error` events instead).
 */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function createDeferred<T>(): Deferred<T> {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  let settled = false;
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  promise.catch(() => {});
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      if (settled) return;
      settled = true;
      settle.resolve(value);
    },
    reject(error) {
      if (settled) return;
      settled = true;
      settle.reject(error);
    },
  };
}
