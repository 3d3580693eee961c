/**
 * The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) with the root at the
 * end of the buffer (Ballesteros & Nivre 2013), so the tree always has exactly one root, and its
 * dynamic oracle (Goldberg & Nivre 2013): the cost of a transition is the number of gold arcs it
 * makes unreachable. Words are 0..n-1; the root is n. Projective trees only, like every
 * arc-hybrid parser; on non-projective gold trees the oracle still gives the least-cost moves.
 */

export const SHIFT = 0;
export const LEFT = 1;
export const RIGHT = 2;
export const ACTIONS = 3;

export class ParseState {
  readonly stack: Int32Array;
  depth = 0;
  /** First word of the buffer (n is the root, always last). */
  next = 0;
  /** Head of each word (n for the root's dependent), -1 until attached. */
  readonly heads: Int32Array;
  readonly labels: Int32Array;
  readonly leftmost: Int32Array;
  readonly leftmost2: Int32Array;
  readonly rightmost: Int32Array;
  readonly rightmost2: Int32Array;
  readonly leftCount: Int32Array;
  readonly rightCount: Int32Array;
  /** Sets of the labels of the left and right dependents, as bit masks (labels 0..31 and 32..63). */
  readonly leftLabelsLow: Int32Array;
  readonly leftLabelsHigh: Int32Array;
  readonly rightLabelsLow: Int32Array;
  readonly rightLabelsHigh: Int32Array;
  /** The latest dependent labelled case or mark (its word says "obl with" vs "obj", "advcl if" vs "ccomp that"), -1 if none. */
  readonly marker: Int32Array;

  constructor(
    readonly n: number,
    private readonly markerLabels: ReadonlySet<number>,
  ) {
    const size = n + 1;
    this.stack = new Int32Array(size);
    this.heads = new Int32Array(size).fill(-1);
    this.labels = new Int32Array(size).fill(-1);
    this.leftmost = new Int32Array(size).fill(-1);
    this.leftmost2 = new Int32Array(size).fill(-1);
    this.rightmost = new Int32Array(size).fill(-1);
    this.rightmost2 = new Int32Array(size).fill(-1);
    this.leftCount = new Int32Array(size);
    this.rightCount = new Int32Array(size);
    this.leftLabelsLow = new Int32Array(size);
    this.leftLabelsHigh = new Int32Array(size);
    this.rightLabelsLow = new Int32Array(size);
    this.rightLabelsHigh = new Int32Array(size);
    this.marker = new Int32Array(size).fill(-1);
  }

  get terminal(): boolean {
    return this.depth === 0 && this.next === this.n;
  }

  /** Stack item `i` from the top (0 = top), -1 when the stack is shallower. */
  stackAt(i: number): number {
    return i < this.depth ? this.stack[this.depth - 1 - i]! : -1;
  }

  /** Buffer item `i` (0 = front), -1 past the root. */
  bufferAt(i: number): number {
    const index = this.next + i;
    return index <= this.n ? index : -1;
  }

  isValid(action: number): boolean {
    if (action === SHIFT) return this.next < this.n;
    if (action === LEFT) return this.depth >= 1 && (this.next < this.n || this.depth === 1);
    return this.depth >= 2;
  }

  /** The head and dependent an arc action would join. */
  arcOf(action: number): { head: number; dependent: number } {
    const dependent = this.stack[this.depth - 1]!;
    return { head: action === LEFT ? this.next : this.stack[this.depth - 2]!, dependent };
  }

  apply(action: number, label: number): void {
    if (action === SHIFT) {
      this.stack[this.depth++] = this.next++;
      return;
    }
    const dependent = this.stack[--this.depth]!;
    const head = action === LEFT ? this.next : this.stack[this.depth - 1]!;
    this.attach(head, dependent, label);
  }

  private attach(head: number, dependent: number, label: number): void {
    this.heads[dependent] = head;
    this.labels[dependent] = label;
    const bit = 1 << (label & 31);
    if (dependent < head) {
      this.leftCount[head]!++;
      const first = this.leftmost[head]!;
      if (first < 0 || dependent < first) {
        this.leftmost2[head] = first;
        this.leftmost[head] = dependent;
      } else if (this.leftmost2[head]! < 0 || dependent < this.leftmost2[head]!) this.leftmost2[head] = dependent;
      if (label < 32) this.leftLabelsLow[head]! |= bit;
      else this.leftLabelsHigh[head]! |= bit;
    } else {
      this.rightCount[head]!++;
      const last = this.rightmost[head]!;
      if (dependent > last) {
        this.rightmost2[head] = last;
        this.rightmost[head] = dependent;
      } else if (dependent > this.rightmost2[head]!) this.rightmost2[head] = dependent;
      if (label < 32) this.rightLabelsLow[head]! |= bit;
      else this.rightLabelsHigh[head]! |= bit;
    }
    if (this.markerLabels.has(label)) this.marker[head] = dependent;
  }
}

/** Gold heads of one sentence (root's dependent → n) with each word's dependents, for the oracle. */
export class GoldTree {
  private readonly childStart: Int32Array;
  private readonly children: Int32Array;

  constructor(readonly heads: Int32Array) {
    const n = heads.length;
    const counts = new Int32Array(n + 2);
    for (let i = 0; i < n; i++) counts[heads[i]! + 1]!++;
    this.childStart = new Int32Array(n + 2);
    for (let h = 0; h <= n; h++) this.childStart[h + 1] = this.childStart[h]! + counts[h + 1]!;
    this.children = new Int32Array(n);
    const fill = this.childStart.slice();
    for (let i = 0; i < n; i++) this.children[fill[heads[i]!]!++] = i;
  }

  /** Gold dependents of `word` still in the buffer (at or after `next`). */
  childrenFrom(word: number, next: number): number {
    let count = 0;
    for (let j = this.childStart[word]!; j < this.childStart[word + 1]!; j++) if (this.children[j]! >= next) count++;
    return count;
  }

  /** Gold arcs lost by `action` in `state` (Goldberg & Nivre 2013, arc-hybrid). */
  cost(state: ParseState, action: number): number {
    const heads = this.heads;
    const next = state.next;
    if (action === SHIFT) {
      const s0 = state.stackAt(0);
      let cost = 0;
      for (let i = 0; i < state.depth; i++) {
        const k = state.stack[i]!;
        if (heads[k] === next) cost++;
        if (k !== s0 && heads[next] === k) cost++;
      }
      return cost;
    }
    const s0 = state.stackAt(0);
    const s1 = state.stackAt(1);
    const head = heads[s0]!;
    let cost = this.childrenFrom(s0, next);
    if (action === LEFT) {
      if (head !== next && (head === s1 || head > next)) cost++;
    } else if (head !== s1 && head >= next) cost++;
    return cost;
  }
}
