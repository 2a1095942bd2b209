// A sorted sequence kept in chunks of a few hundred entries: a B-tree of height two. Inserting into
// the middle of a million-entry index (a random UUID, an action among many) moves one chunk, not
// the whole array; appending in order (increasing times) is a push onto the last chunk.

const CHUNK = 512;

export class SortedEntries<T> {
  #chunks: T[][] = [];
  #size = 0;

  /** `compare` must be a total order in which no two stored entries are equal. */
  constructor(readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.#size;
  }

  /** The first chunk whose last entry does not satisfy `isBefore` (chunks.length if none). */
  #chunkAt(isBefore: (entry: T) => boolean): number {
    const chunks = this.#chunks;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const chunk = chunks[middle] as T[];
      if (isBefore(chunk[chunk.length - 1] as T)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** How many entries satisfy `isBefore`, which must hold for a prefix of the order (a lower bound). */
  countBefore(isBefore: (entry: T) => boolean): number {
    const chunkIndex = this.#chunkAt(isBefore);
    let rank = 0;
    for (let i = 0; i < chunkIndex; i += 1) rank += (this.#chunks[i] as T[]).length;
    const chunk = this.#chunks[chunkIndex];
    if (!chunk) return rank;
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (isBefore(chunk[middle] as T)) low = middle + 1;
      else high = middle;
    }
    return rank + low;
  }

  insert(entry: T): void {
    this.#size += 1;
    const chunks = this.#chunks;
    const last = chunks[chunks.length - 1];
    if (!last) {
      chunks.push([entry]);
      return;
    }
    if (this.compare(last[last.length - 1] as T, entry) < 0) {
      if (last.length >= CHUNK) chunks.push([entry]);
      else last.push(entry);
      return;
    }
    // A descending time index receives new events at its front.
    const first = chunks[0] as T[];
    if (this.compare(entry, first[0] as T) < 0) {
      if (first.length >= CHUNK) chunks.unshift([entry]);
      else first.unshift(entry);
      return;
    }
    const chunkIndex = this.#chunkAt((stored) => this.compare(stored, entry) < 0);
    const chunk = chunks[chunkIndex] as T[];
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.compare(chunk[middle] as T, entry) < 0) low = middle + 1;
      else high = middle;
    }
    chunk.splice(low, 0, entry);
    if (chunk.length >= 2 * CHUNK) chunks.splice(chunkIndex + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes the stored entry equal to `probe`; false if there is none. */
  remove(probe: T): boolean {
    const chunks = this.#chunks;
    const chunkIndex = this.#chunkAt((stored) => this.compare(stored, probe) < 0);
    const chunk = chunks[chunkIndex];
    if (!chunk) return false;
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.compare(chunk[middle] as T, probe) < 0) low = middle + 1;
      else high = middle;
    }
    if (low >= chunk.length || this.compare(chunk[low] as T, probe) !== 0) return false;
    chunk.splice(low, 1);
    if (chunk.length === 0) chunks.splice(chunkIndex, 1);
    this.#size -= 1;
    return true;
  }

  /** Entries of rank [from, to), in order or in reverse. */
  *range(from: number, to: number, reverse = false): Generator<T> {
    if (from >= to) return;
    const chunks = this.#chunks;
    // Locate the chunk holding rank `from` (forward) or `to - 1` (reverse).
    const target = reverse ? to - 1 : from;
    let chunkIndex = 0;
    let rank = 0;
    while (chunkIndex < chunks.length && rank + (chunks[chunkIndex] as T[]).length <= target) {
      rank += (chunks[chunkIndex] as T[]).length;
      chunkIndex += 1;
    }
    let offset = target - rank;
    let remaining = to - from;
    while (remaining > 0 && chunkIndex >= 0 && chunkIndex < chunks.length) {
      const chunk = chunks[chunkIndex] as T[];
      if (reverse) {
        for (; offset >= 0 && remaining > 0; offset -= 1, remaining -= 1) yield chunk[offset] as T;
        chunkIndex -= 1;
        offset = chunkIndex >= 0 ? (chunks[chunkIndex] as T[]).length - 1 : 0;
      } else {
        for (; offset < chunk.length && remaining > 0; offset += 1, remaining -= 1) yield chunk[offset] as T;
        chunkIndex += 1;
        offset = 0;
      }
    }
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.#chunks) yield* chunk;
  }

  /** Replaces the order and re-sorts every entry (an index that just became multikey). */
  reorder(compare: (a: T, b: T) => number): SortedEntries<T> {
    const next = new SortedEntries(compare);
    const all = [...this].sort(compare);
    for (let i = 0; i < all.length; i += CHUNK) next.#chunks.push(all.slice(i, i + CHUNK));
    next.#size = all.length;
    return next;
  }
}
