/**
 * A dependency tree view of one parsed sentence: children, subtree extents, and the walks the
 * event and quote stages need. Pure; built on demand from `head`/`deprel` of the tokens.
 */
import type { Sentence } from './record.js';

export interface Tree {
  readonly size: number;
  /** Index of the root token (-1 when the sentence is not parsed). */
  readonly root: number;
  head(i: number): number;
  deprel(i: number): string;
  /** Base relation without subtype: `obl:tmod` → `obl`. */
  relation(i: number): string;
  children(i: number): readonly number[];
  /** Children whose relation (or relation with subtype) is one of `relations`. */
  childrenBy(i: number, ...relations: string[]): number[];
  /** First and last token index of the subtree of `i`, optionally leaving out subtrees hanging by `exclude` relations. */
  extent(i: number, exclude?: ReadonlySet<string>): { first: number; last: number };
  /** Is `ancestor` on the path from `i` to the root (or `i` itself)? */
  dominates(ancestor: number, i: number): boolean;
}

export function buildTree(sentence: Sentence): Tree {
  const tokens = sentence.tokens;
  const size = tokens.length;
  const children: number[][] = Array.from({ length: size }, () => []);
  let root = -1;
  for (let i = 0; i < size; i++) {
    const head = tokens[i]!.head;
    if (head === null || head < 0 || head >= size || head === i) {
      if (head !== null && root === -1) root = i;
      continue;
    }
    children[head]!.push(i);
  }
  const deprel = (i: number): string => tokens[i]?.deprel ?? '';
  const relation = (i: number): string => deprel(i).split(':')[0]!;
  return {
    size,
    root,
    head: (i) => tokens[i]?.head ?? -1,
    deprel,
    relation,
    children: (i) => children[i] ?? [],
    childrenBy: (i, ...relations) => (children[i] ?? []).filter((c) => relations.includes(deprel(c)) || relations.includes(relation(c))),
    extent(i, exclude) {
      let first = i;
      let last = i;
      const stack = [i];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node < first) first = node;
        if (node > last) last = node;
        for (const child of children[node] ?? []) {
          if (exclude && (exclude.has(deprel(child)) || exclude.has(relation(child)))) continue;
          stack.push(child);
        }
      }
      return { first, last };
    },
    dominates(ancestor, i) {
      for (let node = i, steps = 0; node >= 0 && steps <= size; node = tokens[node]?.head ?? -1, steps++) {
        if (node === ancestor) return true;
      }
      return false;
    },
  };
}
