/**
 * Settles with `work`, or rejects with `signal.reason` as soon as the signal aborts — whichever
 * comes first — so a gather that ignores its signal cannot hold the scheduler past its deadline.
 * A late rejection of `work` is swallowed (it has already been accounted for as the abort).
 */
export function untilAborted<T>(start: () => Promise<T>, signal: AbortSignal): Promise<T> {
  let work: Promise<T>;
  try {
    work = start();
  } catch (err) {
    work = Promise.reject(err);
  }
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
