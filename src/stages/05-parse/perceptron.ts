/**
 * Averaged perceptron over hashed features, shared by the tagger and the parser.
 *
 * A feature is a non-zero 32-bit hash (see `hash.ts`); the model maps it to a row of one weight per
 * class. Training (`PerceptronTrainer`) keeps dense growable rows plus the running sums for averaging
 * (the w − u/c trick, no timestamps), and only creates a row when an update touches its feature, so
 * features that never took part in a mistake cost nothing. The trained model (`LinearModel`) is
 * sparse: a compressed-row table of (class, weight) pairs, which is small and fast to score. No
 * strings in the hot path.
 */

/** Open-addressing table from feature hash to row number (0 is the empty key; hashes are never 0). */
class FeatureTable {
  keys: Uint32Array;
  rows: Int32Array;
  size = 0;
  private mask: number;

  constructor(capacity = 1 << 16) {
    let size = 1 << 4;
    while (size < capacity * 2) size <<= 1;
    this.keys = new Uint32Array(size);
    this.rows = new Int32Array(size);
    this.mask = size - 1;
  }

  find(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let slot = key & mask;
    for (;;) {
      const found = keys[slot]!;
      if (found === key) return this.rows[slot]!;
      if (found === 0) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Adds `key` with row `row` (the key must not be present). */
  insert(key: number, row: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.mask;
    let slot = key & mask;
    while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.rows[slot] = row;
    this.size++;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.insert(oldKeys[i]!, oldRows[i]!);
  }
}

/**
 * Everything a trained `LinearModel` holds, as plain typed arrays: what `LinearModel.fromData`
 * rebuilds a model from without redoing its tables. When the arrays sit on SharedArrayBuffers
 * (`LinearModel.shared`, `loadParserData(bytes, { shared: true })`), posting this object to a worker
 * thread shares the memory instead of copying it: every thread scores with one copy of the weights.
 * The arrays are read-only once built. Scoring needs only the lookup tables: `keys`, `rowStart`,
 * `classOf` and `weights` (what `saveParser` writes) may be left empty (`scoringOnly`).
 */
export interface LinearModelData {
  classes: number;
  scale: number;
  /** Rows and weights of the model (the row arrays below are empty in a model loaded for scoring only). */
  rows: number;
  nonZero: number;
  keys: Uint32Array;
  rowStart: Int32Array;
  classOf: Uint8Array;
  weights: Int16Array;
  inlineSlots: Int16Array;
  sparseSlots: Int32Array;
  pairs: Int32Array;
}

/** Allocates the backing store of a typed array: a private ArrayBuffer, or a SharedArrayBuffer other threads can read. */
export type Allocate = (bytes: number) => ArrayBuffer | SharedArrayBuffer;

export const privateMemory: Allocate = (bytes) => new ArrayBuffer(bytes);
export const sharedMemory: Allocate = (bytes) => new SharedArrayBuffer(bytes);

/**
 * A trained model: sparse rows of (class, weight), looked up by feature hash.
 *
 * Scoring is bound by memory latency (each feature is a random access into megabytes), so the
 * lookup table is compact: weights are int16 (one scale per model, the same quantisation the model
 * file uses), an open-addressing slot holds a 16-bit fingerprint of the key (the slot position
 * gives the low bits) and either the row's weights themselves (models of up to 3 classes, i.e. the
 * transition model: 8 bytes a slot, one cache miss per feature) or the row's offset and length in
 * a packed array of (weight << 8 | class) pairs (two misses). Scores come out in units of `scale`.
 */
export class LinearModel {
  private readonly slotMask: number;
  /** The slot of a key is its top bits (so the sorted keys of a model file fill the table in order, fast to load). */
  private readonly slotShift: number;
  private readonly inline: boolean;
  /** Inline slots: [fingerprint, w0, w1, w2]. */
  private readonly inlineSlots: Int16Array;
  /** Sparse slots: [fingerprint | count << 16, offset]. */
  private readonly sparseSlots: Int32Array;
  private readonly pairs: Int32Array;
  /** Keeps the prefetching loads in `score` from being optimised away. */
  private sink = 0;
  private readonly rowCount: number;
  private readonly weightCount: number;

  /**
   * @param classes number of classes
   * @param keys feature hash of each row, ascending
   * @param rowStart CSR offsets (length rows + 1) into `classOf`/`weights`
   * @param weights int16 weights; the model's weight is `weights[j] * scale`
   * @param memory where the lookup tables are allocated (`sharedMemory`: on SharedArrayBuffers, see `data()`)
   * @param tables lookup tables already built (by `fromData`) for `tables.rows` rows: used as they
   *   are (the row arrays may then be empty: a model for scoring only, which cannot be saved)
   */
  constructor(
    readonly classes: number,
    readonly keys: Uint32Array,
    readonly rowStart: Int32Array,
    readonly classOf: Uint8Array,
    readonly weights: Int16Array,
    readonly scale: number,
    memory: Allocate = privateMemory,
    tables?: Pick<LinearModelData, 'rows' | 'nonZero' | 'inlineSlots' | 'sparseSlots' | 'pairs'>,
  ) {
    if (classes > 256) throw new Error(`perceptron: at most 256 classes (got ${classes})`);
    // Load factor up to 3/4: a smaller table stays in cache more, and with 8-byte slots most probes stay in one cache line.
    const rows = tables ? tables.rows : keys.length;
    this.rowCount = rows;
    this.weightCount = tables ? tables.nonZero : weights.length;
    let bits = 4;
    while ((1 << bits) * 3 < rows * 4) bits++;
    const size = 1 << bits;
    this.slotMask = size - 1;
    this.slotShift = 32 - bits;
    this.inline = classes <= 3;
    if (tables) {
      const expected = [this.inline ? size * 4 : 0, this.inline ? 0 : size * 2, this.inline ? 0 : tables.nonZero];
      if (tables.inlineSlots.length !== expected[0] || tables.sparseSlots.length !== expected[1] || tables.pairs.length !== expected[2]) {
        throw new Error('perceptron: the lookup tables do not match the model (wrong size)');
      }
      if (keys.length !== 0 && (keys.length !== rows || weights.length !== tables.nonZero)) throw new Error('perceptron: the rows do not match the lookup tables');
      this.inlineSlots = tables.inlineSlots;
      this.sparseSlots = tables.sparseSlots;
      this.pairs = tables.pairs;
      return;
    }
    this.inlineSlots = new Int16Array(memory(this.inline ? size * 8 : 0));
    this.sparseSlots = new Int32Array(memory(this.inline ? 0 : size * 8));
    this.pairs = new Int32Array(memory(this.inline ? 0 : weights.length * 4));
    const shift = this.slotShift;
    const mask = this.slotMask;
    for (let row = 0; row < keys.length; row++) {
      const key = keys[row]!;
      const fingerprint = key & 0xffff || 1;
      let slot = key >>> shift;
      const from = rowStart[row]!;
      const to = rowStart[row + 1]!;
      if (this.inline) {
        while (this.inlineSlots[slot * 4] !== 0) slot = (slot + 1) & mask;
        this.inlineSlots[slot * 4] = fingerprint;
        for (let j = from; j < to; j++) this.inlineSlots[slot * 4 + 1 + classOf[j]!] = weights[j]!;
      } else {
        while (this.sparseSlots[slot * 2] !== 0) slot = (slot + 1) & mask;
        this.sparseSlots[slot * 2] = fingerprint | ((to - from) << 16);
        this.sparseSlots[slot * 2 + 1] = from;
        for (let j = from; j < to; j++) this.pairs[j] = (weights[j]! << 8) | classOf[j]!;
      }
    }
  }

  /** The model's arrays (rows and lookup tables), as they are: no copy. */
  data(): LinearModelData {
    const { classes, scale, keys, rowStart, classOf, weights, inlineSlots, sparseSlots, pairs } = this;
    return { classes, scale, rows: this.rows, nonZero: this.weightCount, keys, rowStart, classOf, weights, inlineSlots, sparseSlots, pairs };
  }

  /** Rows of the model (feature hashes with a weight). */
  get rows(): number {
    return this.rowCount;
  }

  /** False for a model made for scoring only (`fromData` without its rows): it cannot be saved. */
  get hasRows(): boolean {
    return this.keys.length === this.rows;
  }

  /** A model over arrays from `data()` (of this thread or, shared, of another): nothing is copied or rebuilt. */
  static fromData(data: LinearModelData): LinearModel {
    return new LinearModel(data.classes, data.keys, data.rowStart, data.classOf, data.weights, data.scale, privateMemory, data);
  }

  /** Quantises float weights to int16 with one scale for the model (what the model file stores). */
  static fromFloat(classes: number, keys: Uint32Array, rowStart: Int32Array, classOf: Uint8Array, weight: Float32Array): LinearModel {
    let maxAbs = 0;
    for (let j = 0; j < weight.length; j++) maxAbs = Math.max(maxAbs, Math.abs(weight[j]!));
    const scale = maxAbs === 0 ? 1 : maxAbs / 32767;
    // Weights that round to 0 are dropped, with rows left empty.
    const keptKeys: number[] = [];
    const keptStart: number[] = [0];
    const keptClass: number[] = [];
    const kept: number[] = [];
    for (let row = 0; row < keys.length; row++) {
      for (let j = rowStart[row]!; j < rowStart[row + 1]!; j++) {
        const q = Math.round(weight[j]! / scale);
        if (q === 0) continue;
        keptClass.push(classOf[j]!);
        kept.push(q);
      }
      if (keptClass.length > keptStart[keptStart.length - 1]!) {
        keptKeys.push(keys[row]!);
        keptStart.push(keptClass.length);
      }
    }
    return new LinearModel(classes, Uint32Array.from(keptKeys), Int32Array.from(keptStart), Uint8Array.from(keptClass), Int16Array.from(kept), scale);
  }

  /** Adds the weights of the first `count` features to `scores` (which the caller zeroes). */
  score(features: Uint32Array, count: number, scores: Float32Array): void {
    if (this.inline) this.scoreInline(features, count, scores);
    else this.scoreSparse(features, count, scores);
  }

  private scoreInline(features: Uint32Array, count: number, scores: Float32Array): void {
    const slots = this.inlineSlots;
    const mask = this.slotMask;
    const shift = this.slotShift;
    // Touch every feature's slot first: these loads do not depend on each other, so the cache
    // misses overlap instead of waiting one after another behind the probing branches below.
    let touched = 0;
    for (let f = 0; f < count; f++) touched |= slots[(features[f]! >>> shift) * 4]!;
    this.sink = touched;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let f = 0; f < count; f++) {
      const key = features[f]!;
      const fingerprint = key & 0xffff || 1;
      let base = (key >>> shift) * 4;
      let found = slots[base]! & 0xffff;
      while (found !== fingerprint && found !== 0) {
        base = (base + 4) & (mask * 4 + 3);
        found = slots[base]! & 0xffff;
      }
      if (found === 0) continue;
      s0 += slots[base + 1]!;
      s1 += slots[base + 2]!;
      s2 += slots[base + 3]!;
    }
    scores[0]! += s0;
    if (this.classes > 1) scores[1]! += s1;
    if (this.classes > 2) scores[2]! += s2;
  }

  private scoreSparse(features: Uint32Array, count: number, scores: Float32Array): void {
    const slots = this.sparseSlots;
    const pairs = this.pairs;
    const mask = this.slotMask;
    const shift = this.slotShift;
    let touched = 0;
    for (let f = 0; f < count; f++) touched |= slots[(features[f]! >>> shift) * 2]!;
    this.sink = touched;
    for (let f = 0; f < count; f++) {
      const key = features[f]!;
      const fingerprint = key & 0xffff || 1;
      let slot = key >>> shift;
      let head = slots[slot * 2]!;
      while ((head & 0xffff) !== fingerprint && head !== 0) {
        slot = (slot + 1) & mask;
        head = slots[slot * 2]!;
      }
      if (head === 0) continue;
      const from = slots[slot * 2 + 1]!;
      const to = from + (head >>> 16);
      for (let j = from; j < to; j++) {
        const pair = pairs[j]!;
        scores[pair & 255]! += pair >> 8;
      }
    }
  }

  get nonZero(): number {
    return this.weightCount;
  }
}

/** Training state of one averaged perceptron. */
export class PerceptronTrainer {
  private readonly table = new FeatureTable();
  private weights: Float32Array;
  private sums: Float64Array;
  private rowCount = 0;
  /** Examples seen so far (the averaging clock). */
  private clock = 1;

  constructor(readonly classes: number) {
    this.weights = new Float32Array(classes * 4096);
    this.sums = new Float64Array(classes * 4096);
  }

  /** Current (not averaged) scores of the first `count` features, added to `scores`. */
  score(features: Uint32Array, count: number, scores: Float32Array): void {
    const classes = this.classes;
    const weights = this.weights;
    for (let f = 0; f < count; f++) {
      const row = this.table.find(features[f]!);
      if (row < 0) continue;
      const base = row * classes;
      for (let c = 0; c < classes; c++) scores[c]! += weights[base + c]!;
    }
  }

  /** Counts one example towards the average (call once per decision, updated or not). */
  tick(): void {
    this.clock++;
  }

  /** Moves the weights of the features towards `truth` and away from `guess`. */
  update(features: Uint32Array, count: number, truth: number, guess: number): void {
    if (truth === guess) return;
    const classes = this.classes;
    for (let f = 0; f < count; f++) {
      const key = features[f]!;
      let row = this.table.find(key);
      if (row < 0) {
        row = this.addRow();
        this.table.insert(key, row);
      }
      const base = row * classes;
      this.weights[base + truth]! += 1;
      this.sums[base + truth]! += this.clock;
      this.weights[base + guess]! -= 1;
      this.sums[base + guess]! -= this.clock;
    }
  }

  private addRow(): number {
    if ((this.rowCount + 1) * this.classes > this.weights.length) {
      const weights = new Float32Array(this.weights.length * 2);
      weights.set(this.weights);
      this.weights = weights;
      const sums = new Float64Array(this.sums.length * 2);
      sums.set(this.sums);
      this.sums = sums;
    }
    return this.rowCount++;
  }

  get rows(): number {
    return this.rowCount;
  }

  /**
   * The averaged model. Weights with |w| < `threshold` are dropped, and rows left empty go too
   * (a small threshold costs little accuracy and shrinks the model a lot).
   */
  average(threshold = 0): LinearModel {
    const classes = this.classes;
    const entries: Array<{ key: number; row: number }> = [];
    const keys = this.table.keys;
    const rows = this.table.rows;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== 0) entries.push({ key: keys[slot]!, row: rows[slot]! });
    entries.sort((a, b) => a.key - b.key);
    const keptKeys: number[] = [];
    const rowStart: number[] = [0];
    const classOf: number[] = [];
    const weight: number[] = [];
    for (const { key, row } of entries) {
      const base = row * classes;
      const before = classOf.length;
      for (let c = 0; c < classes; c++) {
        const averaged = this.weights[base + c]! - this.sums[base + c]! / this.clock;
        if (averaged !== 0 && Math.abs(averaged) >= threshold) {
          classOf.push(c);
          weight.push(averaged);
        }
      }
      if (classOf.length > before) {
        keptKeys.push(key);
        rowStart.push(classOf.length);
      }
    }
    return LinearModel.fromFloat(classes, Uint32Array.from(keptKeys), Int32Array.from(rowStart), Uint8Array.from(classOf), Float32Array.from(weight));
  }
}

/** Index of the highest score among classes allowed by `valid` (all when omitted); -1 if none. */
export function argmax(scores: Float32Array, count: number, valid?: (index: number) => boolean): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let c = 0; c < count; c++) {
    if (valid && !valid(c)) continue;
    if (scores[c]! > bestScore) {
      bestScore = scores[c]!;
      best = c;
    }
  }
  return best;
}
