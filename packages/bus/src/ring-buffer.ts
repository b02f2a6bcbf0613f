/**
 * Fixed-capacity FIFO that overwrites its oldest item when full.
 *
 * Contract: index 0 is the oldest retained item; `size` never exceeds `capacity`.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be a positive integer");
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the oldest item it overwrote when full, else undefined. */
  push(item: T): T | undefined {
    const end = (this.start + this.count) % this.capacity;
    const evicted = this.count === this.capacity ? this.items[end] : undefined;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Removes and returns the oldest item (undefined when empty). */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** Items `from .. from + count - 1` (0 = oldest), clipped to what is retained. */
  slice(from: number, count: number): T[] {
    const out: T[] = [];
    const first = Math.max(0, from);
    const stop = Math.min(this.count, from + count);
    for (let i = first; i < stop; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
