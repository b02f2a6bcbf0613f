/**
 * A minimal typed event emitter that runs in browsers and Node alike. Listeners run in
 * registration order, synchronously; a listener that throws does not stop the others (the
 * exception is rethrown asynchronously, where the host reports it).
 */
export interface Emitter<Events extends object> {
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void;
  off<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): void;
  emit<K extends keyof Events>(name: K, payload: Events[K]): void;
  count(name: keyof Events): number;
  clear(): void;
}

export function createEmitter<Events extends object>(): Emitter<Events> {
  const listeners = new Map<keyof Events, ((payload: never) => void)[]>();
  return {
    on(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (payload: never) => void]);
      return () => this.off(name, listener);
    },
    off(name, listener) {
      const list = listeners.get(name);
      if (list)
        listeners.set(
          name,
          list.filter((l) => l !== listener),
        );
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as (payload: Events[typeof name]) => void)(payload);
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
    count(name) {
      return listeners.get(name)?.length ?? 0;
    },
    clear() {
      listeners.clear();
    },
  };
}
