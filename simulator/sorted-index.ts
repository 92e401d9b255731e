// Items kept sorted by (key, id) with an id map beside them, so an unfiltered page is a slice and
// an add or revoke is a binary search plus one splice (no full re-sort per mutation at 100k grants).
export class SortedIndex<T extends { id: number }> {
  private readonly byId = new Map<number, T>();
  private readonly ordered: T[] = [];
  private readonly keyOf: (item: T) => number;

  constructor(keyOf: (item: T) => number, items: Iterable<T> = []) {
    this.keyOf = keyOf;
    for (const item of items) this.byId.set(item.id, item);
    this.ordered.push(...this.byId.values());
    this.ordered.sort((a, b) => this.compare(a, b));
  }

  get size(): number {
    return this.ordered.length;
  }

  get(id: number): T | undefined {
    return this.byId.get(id);
  }

  /** Ascending by (key, id). Do not mutate the returned array. */
  all(): readonly T[] {
    return this.ordered;
  }

  insert(item: T): void {
    if (this.byId.has(item.id)) this.remove(item.id);
    this.byId.set(item.id, item);
    this.ordered.splice(this.position(item), 0, item);
  }

  remove(id: number): T | undefined {
    const item = this.byId.get(id);
    if (!item) return undefined;
    const at = this.position(item);
    // position() finds the slot for (key, id); the item itself sits there unless its key was
    // changed in place, in which case fall back to a scan.
    const index = this.ordered[at] === item ? at : this.ordered.indexOf(item);
    this.ordered.splice(index, 1);
    this.byId.delete(id);
    return item;
  }

  /** Re-place an item after its sort key changed: pass a mutator so the old position is known. */
  update(id: number, mutate: (item: T) => void): T | undefined {
    const item = this.remove(id);
    if (!item) return undefined;
    mutate(item);
    this.insert(item);
    return item;
  }

  private compare(a: T, b: T): number {
    return this.keyOf(a) - this.keyOf(b) || a.id - b.id;
  }

  private position(item: T): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.ordered[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
