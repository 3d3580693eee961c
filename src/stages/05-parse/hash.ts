/**
 * Integer hashing for features: strings are hashed once per token (FNV-1a), and a feature is a
 * template number mixed with up to four integers (MurmurHash3's mixing steps). Results are never 0,
 * which the feature table reserves for empty slots.
 */

/** FNV-1a over the UTF-16 code units of `text`, from `start` to `end`. */
export function hashString(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

export function feature1(template: number, a: number): number {
  return finish(mix(mix(0x3c6ef372, template), a));
}

export function feature2(template: number, a: number, b: number): number {
  return finish(mix(mix(mix(0x3c6ef372, template), a), b));
}

export function feature3(template: number, a: number, b: number, c: number): number {
  return finish(mix(mix(mix(mix(0x3c6ef372, template), a), b), c));
}

export function feature4(template: number, a: number, b: number, c: number, d: number): number {
  return finish(mix(mix(mix(mix(mix(0x3c6ef372, template), a), b), c), d));
}

/** A seeded pseudo-random generator (mulberry32) in [0, 1): training is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place with `random`. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
  return items;
}
