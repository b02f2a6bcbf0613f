/**
 * Wraps a resource so that closing it twice closes it once: for a test that closes a harness
 * itself (to watch its clients see the shutdown) and also hands it to the clean-up.
 */
export function closeOnce<T extends { close(): Promise<void> }>(resource: T): { close(): Promise<void> } {
  let closing: Promise<void> | undefined;
  return { close: () => (closing ??= resource.close()) };
}
