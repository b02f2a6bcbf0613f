/**
 * The active silences of one engine and their expiry: one timer, armed for the earliest
 * `expiresAt`; when it fires every silence that is due ends (`onEnd(silence, "expired")`).
 * Silences end on their own even if nothing else happens in the process.
 */
import type { Clock } from "@wirewatch/protocol";
import { type Silence, silenceMatches } from "./silences.js";

export interface SilenceBook {
  add(silence: Silence): void;
  get(id: string): Silence | undefined;
  /** Removes a silence without calling `onEnd` (the caller announces it). */
  remove(id: string): Silence | undefined;
  all(): Silence[];
  /** Ids of the active silences covering an alert. */
  covering(alert: { rule: string; host: string }): string[];
  /** Ends every silence already due, then arms the timer. */
  sweep(): void;
  close(): void;
}

export function createSilenceBook(
  clock: Clock,
  onEnd: (silence: Silence, how: "expired") => void,
): SilenceBook {
  const silences = new Map<string, Silence>();
  let timer: unknown = null;
  let closed = false;

  const arm = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (closed || silences.size === 0) return;
    const earliest = Math.min(...[...silences.values()].map((s) => s.expiresAt));
    timer = clock.setTimeout(
      () => {
        timer = null;
        sweep();
      },
      Math.max(0, earliest - clock.now()),
    );
  };

  const sweep = (): void => {
    const now = clock.now();
    for (const silence of [...silences.values()]) {
      if (silence.expiresAt > now) continue;
      silences.delete(silence.id);
      onEnd(silence, "expired");
    }
    arm();
  };

  return {
    add(silence) {
      silences.set(silence.id, silence);
      arm();
    },
    get: (id) => silences.get(id),
    remove(id) {
      const silence = silences.get(id);
      if (silence) {
        silences.delete(id);
        arm();
      }
      return silence;
    },
    all: () => [...silences.values()].sort((a, b) => a.expiresAt - b.expiresAt),
    covering(alert) {
      const now = clock.now();
      return [...silences.values()]
        .filter((silence) => silence.expiresAt > now && silenceMatches(silence, alert))
        .map((silence) => silence.id);
    },
    sweep,
    close() {
      closed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
