/**
 * Feature templates of the parser, as integer hashes. Two sets: the transition features (which
 * move: shift, left arc, right arc; after Zhang & Nivre 2011, adapted to arc-hybrid, where s1 is the
 * right-arc head) and the label features (which relation an arc gets, from the head, the dependent,
 * their dependents so far and the case/mark word of the dependent).
 */
import { feature1, feature2, feature3, feature4 } from './hash.js';
import { LEFT, type ParseState } from './transitions.js';

export const MAX_FEATURES = 128;

/** The words of a sentence as the features see them; index n is the root. */
export interface SentenceView {
  /** Hash of the normalised word form. */
  words: Uint32Array;
  /** Tagger class (UPOS|XPOS) of each word. */
  tags: Int32Array;
  /** Coarse tag (UPOS index) of each word. */
  coarse: Int32Array;
}

const NO_WORD = 0x7f4a7c15;
const NO_TAG = -1;
const NO_LABEL = -1;

function distanceBucket(distance: number): number {
  if (distance <= 4) return distance;
  if (distance <= 6) return 5;
  if (distance <= 9) return 6;
  return 7;
}

function countBucket(count: number): number {
  return count > 3 ? 3 : count;
}

/** Transition features of `state`; returns how many were written to `out`. */
export function transitionFeatures(view: SentenceView, state: ParseState, out: Uint32Array): number {
  const { words, tags, coarse } = view;
  const w = (i: number): number => (i < 0 ? NO_WORD : words[i]!);
  const p = (i: number): number => (i < 0 ? NO_TAG : tags[i]!);
  const l = (i: number): number => (i < 0 ? NO_LABEL : state.labels[i]!);
  const s0 = state.stackAt(0);
  const s1 = state.stackAt(1);
  const s2 = state.stackAt(2);
  const b0 = state.bufferAt(0);
  const b1 = state.bufferAt(1);
  const b2 = state.bufferAt(2);
  const s0L = s0 < 0 ? -1 : state.leftmost[s0]!;
  const s0L2 = s0 < 0 ? -1 : state.leftmost2[s0]!;
  const s0R = s0 < 0 ? -1 : state.rightmost[s0]!;
  const s0R2 = s0 < 0 ? -1 : state.rightmost2[s0]!;
  const s1L = s1 < 0 ? -1 : state.leftmost[s1]!;
  const s1R = s1 < 0 ? -1 : state.rightmost[s1]!;
  const b0L = b0 < 0 ? -1 : state.leftmost[b0]!;
  const b0L2 = b0 < 0 ? -1 : state.leftmost2[b0]!;
  const s0w = w(s0);
  const s0p = p(s0);
  const s1w = w(s1);
  const s1p = p(s1);
  const b0w = w(b0);
  const b0p = p(b0);
  const b1w = w(b1);
  const b1p = p(b1);
  const b2p = p(b2);
  const d1 = s0 >= 0 && b0 >= 0 ? distanceBucket(b0 - s0) : 0;
  const d2 = s1 >= 0 ? distanceBucket(s0 - s1) : 0;
  const s0vl = s0 < 0 ? 0 : countBucket(state.leftCount[s0]!);
  const s0vr = s0 < 0 ? 0 : countBucket(state.rightCount[s0]!);
  const s1vr = s1 < 0 ? 0 : countBucket(state.rightCount[s1]!);
  const b0vl = b0 < 0 ? 0 : countBucket(state.leftCount[b0]!);
  let k = 0;
  out[k++] = feature1(0, 0);
  out[k++] = feature1(1, s0w);
  out[k++] = feature1(2, s0p);
  out[k++] = feature2(3, s0w, s0p);
  out[k++] = feature1(4, s1w);
  out[k++] = feature1(5, s1p);
  out[k++] = feature2(6, s1w, s1p);
  out[k++] = feature1(7, b0w);
  out[k++] = feature1(8, b0p);
  out[k++] = feature2(9, b0w, b0p);
  out[k++] = feature1(10, b1w);
  out[k++] = feature1(11, b1p);
  out[k++] = feature2(12, b1w, b1p);
  out[k++] = feature1(13, w(b2));
  out[k++] = feature1(14, b2p);
  out[k++] = feature1(15, p(s2));
  out[k++] = feature1(16, w(s2));
  out[k++] = feature4(17, s0w, s0p, b0w, b0p);
  out[k++] = feature3(18, s0w, s0p, b0w);
  out[k++] = feature3(19, s0w, b0w, b0p);
  out[k++] = feature3(20, s0w, s0p, b0p);
  out[k++] = feature3(21, s0p, b0w, b0p);
  out[k++] = feature2(22, s0w, b0w);
  out[k++] = feature2(23, s0p, b0p);
  out[k++] = feature2(24, b0p, b1p);
  out[k++] = feature2(25, s1p, s0p);
  out[k++] = feature2(26, s1w, s0w);
  out[k++] = feature2(27, s1w, s0p);
  out[k++] = feature2(28, s1p, s0w);
  out[k++] = feature3(29, s1w, s1p, s0p);
  out[k++] = feature3(30, b0p, b1p, b2p);
  out[k++] = feature3(31, s0p, b0p, b1p);
  out[k++] = feature3(32, s1p, s0p, b0p);
  out[k++] = feature3(33, p(s2), s1p, s0p);
  out[k++] = feature3(34, s0p, p(s0L), b0p);
  out[k++] = feature3(35, s0p, p(s0R), b0p);
  out[k++] = feature3(36, s0p, b0p, p(b0L));
  out[k++] = feature3(37, s1p, p(s1R), s0p);
  out[k++] = feature3(38, s1p, s0p, p(s0L));
  out[k++] = feature3(39, s1p, p(s1L), s0p);
  out[k++] = feature2(40, s0w, d1);
  out[k++] = feature2(41, s0p, d1);
  out[k++] = feature2(42, b0w, d1);
  out[k++] = feature2(43, b0p, d1);
  out[k++] = feature3(44, s0w, b0w, d1);
  out[k++] = feature3(45, s0p, b0p, d1);
  out[k++] = feature3(46, s1p, s0p, d2);
  out[k++] = feature3(47, s1w, s0w, d2);
  out[k++] = feature2(48, s0w, s0vr);
  out[k++] = feature2(49, s0p, s0vr);
  out[k++] = feature2(50, s0w, s0vl);
  out[k++] = feature2(51, s0p, s0vl);
  out[k++] = feature2(52, b0w, b0vl);
  out[k++] = feature2(53, b0p, b0vl);
  out[k++] = feature2(54, s1p, s1vr);
  out[k++] = feature1(55, w(s0L));
  out[k++] = feature1(56, p(s0L));
  out[k++] = feature1(57, l(s0L));
  out[k++] = feature1(58, w(s0R));
  out[k++] = feature1(59, p(s0R));
  out[k++] = feature1(60, l(s0R));
  out[k++] = feature1(61, w(b0L));
  out[k++] = feature1(62, p(b0L));
  out[k++] = feature1(63, l(b0L));
  out[k++] = feature1(64, w(s1R));
  out[k++] = feature1(65, p(s1R));
  out[k++] = feature1(66, l(s1R));
  out[k++] = feature1(67, l(s1L));
  out[k++] = feature1(68, w(s0L2));
  out[k++] = feature1(69, p(s0L2));
  out[k++] = feature1(70, l(s0L2));
  out[k++] = feature1(71, w(s0R2));
  out[k++] = feature1(72, p(s0R2));
  out[k++] = feature1(73, l(s0R2));
  out[k++] = feature1(74, w(b0L2));
  out[k++] = feature1(75, p(b0L2));
  out[k++] = feature1(76, l(b0L2));
  out[k++] = feature3(77, s0p, p(s0L), p(s0L2));
  out[k++] = feature3(78, s0p, p(s0R), p(s0R2));
  out[k++] = feature3(79, b0p, p(b0L), p(b0L2));
  if (s0 >= 0) {
    out[k++] = feature3(80, s0w, state.rightLabelsLow[s0]!, state.rightLabelsHigh[s0]!);
    out[k++] = feature3(81, s0p, state.rightLabelsLow[s0]!, state.rightLabelsHigh[s0]!);
    out[k++] = feature3(82, s0w, state.leftLabelsLow[s0]!, state.leftLabelsHigh[s0]!);
    out[k++] = feature3(83, s0p, state.leftLabelsLow[s0]!, state.leftLabelsHigh[s0]!);
  }
  if (b0 >= 0) {
    out[k++] = feature3(84, b0w, state.leftLabelsLow[b0]!, state.leftLabelsHigh[b0]!);
    out[k++] = feature3(85, b0p, state.leftLabelsLow[b0]!, state.leftLabelsHigh[b0]!);
  }
  if (s1 >= 0) {
    out[k++] = feature3(86, s1p, state.rightLabelsLow[s1]!, state.rightLabelsHigh[s1]!);
    out[k++] = feature3(87, s1p, state.leftLabelsLow[s1]!, state.leftLabelsHigh[s1]!);
  }
  out[k++] = feature4(88, s1p, s0p, b0p, b1p);
  out[k++] = feature3(89, s0p, l(s0L), l(s0R));
  out[k++] = feature3(90, s1p, l(s1R), s0p);
  out[k++] = feature2(91, b0w, b1w);
  out[k++] = feature3(92, s0w, b0w, b1p);
  const c = (i: number): number => (i < 0 ? NO_TAG : coarse[i]!);
  out[k++] = feature3(93, c(s1), c(s0), c(b0));
  out[k++] = feature4(94, c(s2), c(s1), c(s0), c(b0));
  out[k++] = feature4(95, c(s0), c(b0), c(b1), c(b2));
  out[k++] = feature3(96, s1w, s0w, b0p);
  out[k++] = feature3(97, s1p, s0w, b0w);
  out[k++] = feature2(98, s0 >= 0 && state.marker[s0]! >= 0 ? words[state.marker[s0]!]! : NO_WORD, b0p);
  out[k++] = feature3(99, s0 >= 0 && state.marker[s0]! >= 0 ? words[state.marker[s0]!]! : NO_WORD, s1p, s0p);
  out[k++] = feature2(100, state.depth > 3 ? 3 : state.depth, b0p);
  return k;
}

/** Label features for the arc `action` (LEFT: b0 → s0, RIGHT: s1 → s0) would make. */
export function labelFeatures(view: SentenceView, state: ParseState, action: number, head: number, dependent: number, out: Uint32Array): number {
  const { words, tags, coarse } = view;
  const n = state.n;
  const w = (i: number): number => (i < 0 ? NO_WORD : words[i]!);
  const p = (i: number): number => (i < 0 || i > n ? NO_TAG : tags[i]!);
  const l = (i: number): number => (i < 0 ? NO_LABEL : state.labels[i]!);
  const direction = action === LEFT ? 1 : 2;
  const hw = w(head);
  const hp = p(head);
  const dw = w(dependent);
  const dp = p(dependent);
  const distance = distanceBucket(Math.abs(head - dependent));
  const dL = state.leftmost[dependent]!;
  const dR = state.rightmost[dependent]!;
  const marker = state.marker[dependent]!;
  const mw = w(marker);
  let k = 0;
  out[k++] = feature1(0, direction);
  out[k++] = feature2(1, hp, direction);
  out[k++] = feature2(2, dp, direction);
  out[k++] = feature3(3, hp, dp, direction);
  out[k++] = feature3(4, hw, dp, direction);
  out[k++] = feature3(5, hp, dw, direction);
  out[k++] = feature3(6, hw, dw, direction);
  out[k++] = feature2(7, dw, dp);
  out[k++] = feature2(8, dw, direction);
  out[k++] = feature2(9, hw, direction);
  out[k++] = feature4(10, hp, dp, distance, direction);
  out[k++] = feature3(11, l(dL), dp, direction);
  out[k++] = feature3(12, w(dL), dp, direction);
  out[k++] = feature3(13, l(dR), dp, direction);
  out[k++] = feature2(14, w(dR), dp);
  out[k++] = feature4(15, mw, hp, dp, direction);
  out[k++] = feature3(16, mw, dp, direction);
  out[k++] = feature4(17, state.leftLabelsLow[dependent]!, state.leftLabelsHigh[dependent]!, dp, direction);
  out[k++] = feature4(18, state.rightLabelsLow[dependent]!, state.rightLabelsHigh[dependent]!, dp, direction);
  out[k++] = feature4(19, state.leftLabelsLow[head]!, state.leftLabelsHigh[head]!, hp, direction);
  out[k++] = feature4(20, state.rightLabelsLow[head]!, state.rightLabelsHigh[head]!, hp, direction);
  out[k++] = feature3(21, p(dependent - 1), dp, p(dependent + 1));
  out[k++] = feature4(22, hp, p(head + 1), dp, direction);
  out[k++] = feature3(23, coarse[head]!, coarse[dependent]!, direction);
  out[k++] = feature3(24, hw, mw, direction);
  out[k++] = feature2(25, head === n ? 1 : 0, dp);
  out[k++] = feature4(26, hp, dp, state.leftCount[head]! > 2 ? 2 : state.leftCount[head]!, direction);
  out[k++] = feature3(27, dp, state.leftCount[dependent]! > 2 ? 2 : state.leftCount[dependent]!, state.rightCount[dependent]! > 2 ? 2 : state.rightCount[dependent]!);
  out[k++] = feature3(28, dw, hp, direction);
  out[k++] = feature3(29, dw, mw, hp);
  return k;
}
