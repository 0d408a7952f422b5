/**
 * Ids in the order of a time that never changes for an id (when it was created, or funded), ties
 * broken by the id, as a database's index on (time, _id) orders them. Kept oldest first, so the
 * usual newcomer goes at the end; read newest first. Adding or removing one costs a binary search
 * and a move of the ids after it; reading the newest n costs n, however many are held.
 */
export class IdsByTime {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: string, time: Date): void {
    const at = this.positionOf(id, time.getTime());
    if (this.ids[at] === id) return;
    if (at === this.ids.length) {
      // The usual newcomer, the newest: no splice, which would also allocate the array it removes.
      this.times.push(time.getTime());
      this.ids.push(id);
      return;
    }
    this.times.splice(at, 0, time.getTime());
    this.ids.splice(at, 0, id);
  }

  delete(id: string, time: Date): void {
    const at = this.positionOf(id, time.getTime());
    if (this.ids[at] !== id) return;
    if (at === this.ids.length - 1) {
      this.times.pop();
      this.ids.pop();
      return;
    }
    this.times.splice(at, 1);
    this.ids.splice(at, 1);
  }

  /** Newest first; with `before`, only the ids that come after it in that order (older, or as old with a smaller id). */
  *newestFirst(before?: { readonly at: Date; readonly id: string }): Generator<string, void, undefined> {
    const end = before === undefined ? this.ids.length : this.positionOf(before.id, before.at.getTime());
    for (let at = end - 1; at >= 0; at -= 1) {
      const id = this.ids[at];
      if (id !== undefined) yield id;
    }
  }

  /** The first position not before (time, id): where the id is, or where it goes. */
  private positionOf(id: string, time: number): number {
    let low = 0;
    let high = this.ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const held = this.times[middle] ?? Number.POSITIVE_INFINITY;
      if (held < time || (held === time && (this.ids[middle] ?? '') < id)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
