/**
 * Near-duplicates (wire copies): MinHash signatures over word shingles, LSH bands to find
 * candidates, and the links from each copy to its original. The signature is pure (the ingest
 * workers compute it off the main thread); `linkNearDuplicates` is dialect-neutral Kysely code the
 * query layer runs inside a save transaction. Nothing here drops or merges an article: a copy keeps
 * all its rows and only gets `near_duplicate_of` / `near_similarity`.
 *
 * Choices (and why):
 * - Shingles are 5 consecutive words of the lower-cased text (letters and digits only), the usual
 *   size for news near-duplicate detection: long enough that unrelated articles share almost none,
 *   short enough that an edited byline or a dropped paragraph only removes the shingles it touches.
 * - 120 min-hash permutations (a 32-bit mix of the shingle hash with a per-permutation seed): the
 *   estimate's standard error at Jaccard 0.8 is √(0.8·0.2/120) ≈ 0.037.
 * - LSH with 20 bands of 6 rows: a pair becomes a candidate with probability 1 − (1 − J⁶)²⁰, which
 *   is 0.998 at J = 0.8, 0.98 at J = 0.75 and 0.003 at J = 0.3; candidates are then checked
 *   on the whole signature, so the bands only decide what is compared, not what is linked.
 * - Threshold 0.8 (estimated Jaccard of the shingle sets): a wire copy with a new first line, a new
 *   byline and one of eight paragraphs dropped keeps about 0.85 of its shingles; two outlets' own
 *   reports of the same event share well under 0.3.
 * - The original is the earliest of the matching articles: published date (undated last), then
 *   the first stored, then the smaller id. Each article links to its earliest earlier match, so
 *   the links depend on the set of articles stored and their order of first storing only.
 * - Texts under 12 words get no signature: short notes match each other by accident.
 */
import { sql, type Transaction } from 'kysely';
import { asBuffer } from './record-codec.js';
import type { Database } from './schema.js';

export const NEAR_DUPLICATE_PERMUTATIONS = 120;
export const NEAR_DUPLICATE_BANDS = 20;
export const NEAR_DUPLICATE_ROWS = NEAR_DUPLICATE_PERMUTATIONS / NEAR_DUPLICATE_BANDS;
/** Estimated Jaccard at or above which an article is linked to its original. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;
const SHINGLE_WORDS = 5;
const MIN_WORDS = 12;
/** Band keys are `band · 2²⁶ + 26 bits of the band's hash`: below 2³¹, so a plain `integer` column holds them in every database. */
const BAND_HASH_BITS = 26;

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of a word. */
function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const seeds = Uint32Array.from({ length: NEAR_DUPLICATE_PERMUTATIONS }, (_, i) => mix32(Math.imul(i + 1, 0x9e3779b9)));

/** The hashes of the text's 5-word shingles (deduplicated), or none when the text is under 12 words. */
export function shingleHashes(text: string): Uint32Array {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < MIN_WORDS) return new Uint32Array(0);
  const wordHashes = words.map(hashWord);
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= wordHashes.length; i++) {
    let h = 0;
    for (let j = 0; j < SHINGLE_WORDS; j++) h = mix32(Math.imul(h, 31) + wordHashes[i + j]!);
    shingles.add(h);
  }
  return Uint32Array.from(shingles);
}

/** The MinHash signature of a text (120 values), or `undefined` when it is too short to compare. */
export function minhashSignature(text: string): Uint32Array | undefined {
  const shingles = shingleHashes(text);
  if (shingles.length === 0) return undefined;
  const signature = new Uint32Array(NEAR_DUPLICATE_PERMUTATIONS).fill(0xffffffff);
  for (let p = 0; p < NEAR_DUPLICATE_PERMUTATIONS; p++) {
    const seed = seeds[p]!;
    let min = 0xffffffff;
    for (let s = 0; s < shingles.length; s++) {
      const value = mix32(shingles[s]! ^ seed);
      if (value < min) min = value;
    }
    signature[p] = min;
  }
  return signature;
}

/** Estimated Jaccard similarity of two signatures: the share of permutations whose minimum agrees. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NEAR_DUPLICATE_PERMUTATIONS; i++) if (a[i] === b[i]) same++;
  return same / NEAR_DUPLICATE_PERMUTATIONS;
}

/** The LSH band keys of a signature (one per band). */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < NEAR_DUPLICATE_BANDS; band++) {
    let h = band;
    for (let row = 0; row < NEAR_DUPLICATE_ROWS; row++) h = mix32(Math.imul(h, 31) + signature[band * NEAR_DUPLICATE_ROWS + row]!);
    keys.push(band * 2 ** BAND_HASH_BITS + (h >>> (32 - BAND_HASH_BITS)));
  }
  return keys;
}

/** A signature as bytes (little-endian, whatever the machine). */
export function encodeSignature(signature: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(signature.length * 4);
  const view = new DataView(bytes.buffer);
  signature.forEach((value, i) => view.setUint32(i * 4, value, true));
  return bytes;
}

export function decodeSignature(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getUint32(i * 4, true));
}

/** An article being saved: its id, text and, when the ingest worker made it, its signature. */
export interface NearDuplicateInput {
  id: string;
  text: string;
  signature?: Uint32Array | undefined;
}

interface Stored {
  id: string;
  seq: number;
  published: string | null;
  signature: Uint32Array;
  nearDuplicateOf: string | null;
  nearSimilarity: number | null;
}

/** Sorts earlier first: published (undated last), then first stored, then id. */
function compareAge(a: Pick<Stored, 'published' | 'seq' | 'id'>, b: Pick<Stored, 'published' | 'seq' | 'id'>): number {
  return (a.published ?? '\uffff').localeCompare(b.published ?? '\uffff') || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const roundSimilarity = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * Stores the signatures and bands of `articles` (already saved in `articles` in this transaction)
 * and links every near-duplicate pair they are part of: each article points to its earliest
 * earlier match. Saving an article again changes nothing. `maxParameters` cuts multi-row inserts.
 */
export async function linkNearDuplicates(trx: Transaction<Database>, articles: readonly NearDuplicateInput[], maxParameters: number): Promise<void> {
  const signatures = new Map<string, Uint32Array>();
  for (const article of articles) {
    if (signatures.has(article.id)) continue;
    const signature = article.signature?.length === NEAR_DUPLICATE_PERMUTATIONS ? article.signature : minhashSignature(article.text);
    if (signature) signatures.set(article.id, signature);
  }
  if (signatures.size === 0) return;
  const ids = [...signatures.keys()];

  // First storing fixes an article's place in the order (`seq`: after the largest stored, read by the insert itself); saving it again keeps it.
  const bandRows = ids.flatMap((id) => bandKeys(signatures.get(id)!).map((band_key) => ({ band_key, article_id: id })));
  for (let i = 0, size = Math.floor(maxParameters / 3) - 1; i < ids.length; i += size) {
    const rows = ids.slice(i, i + size).map((id, j) => ({
      article_id: id,
      seq: sql<number>`(select coalesce(max(${sql.ref('seq')}), 0) from ${sql.table('near_signatures')}) + ${j + 1}`,
      minhash: asBuffer(encodeSignature(signatures.get(id)!)),
    }));
    await trx.insertInto('near_signatures').values(rows).onConflict((c) => c.column('article_id').doNothing()).execute();
  }
  for (let i = 0, size = Math.floor(maxParameters / 2) - 1; i < bandRows.length; i += size) {
    await trx.insertInto('near_bands').values(bandRows.slice(i, i + size)).onConflict((c) => c.columns(['band_key', 'article_id']).doNothing()).execute();
  }

  const stored = new Map<string, Stored>();
  const keep = (row: { article_id: string; seq: number; minhash: Uint8Array; published: string | null; near_duplicate_of: string | null; near_similarity: number | null }): void => {
    if (stored.has(row.article_id)) return;
    stored.set(row.article_id, {
      id: row.article_id,
      seq: Number(row.seq),
      published: row.published,
      signature: decodeSignature(row.minhash),
      nearDuplicateOf: row.near_duplicate_of,
      nearSimilarity: row.near_similarity === null ? null : Number(row.near_similarity),
    });
  };
  const stub = trx
    .selectFrom('near_signatures')
    .innerJoin('articles', 'articles.id', 'near_signatures.article_id')
    .select(['near_signatures.article_id', 'near_signatures.seq', 'near_signatures.minhash', 'articles.published', 'articles.near_duplicate_of', 'articles.near_similarity']);

  // Candidates: the articles sharing a band with one of ours (ours among them, as their bands are in), with what comparing them takes, in one look-up per chunk of bands.
  const byBand = new Map<number, string[]>();
  const keys = [...new Set(bandRows.map((row) => row.band_key))];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await stub.innerJoin('near_bands', 'near_bands.article_id', 'near_signatures.article_id').select('near_bands.band_key').where('near_bands.band_key', 'in', keys.slice(i, i + 500)).execute();
    for (const row of rows) {
      keep(row);
      const key = Number(row.band_key);
      const list = byBand.get(key);
      if (list) list.push(row.article_id);
      else byBand.set(key, [row.article_id]);
    }
  }
  const candidates = new Map<string, Set<string>>();
  for (const id of ids) {
    const set = new Set<string>();
    for (const key of bandKeys(signatures.get(id)!)) for (const other of byBand.get(key) ?? []) if (other !== id) set.add(other);
    candidates.set(id, set);
  }

  const load = async (wanted: Iterable<string>): Promise<void> => {
    const missing = [...new Set(wanted)].filter((id) => !stored.has(id));
    for (let i = 0; i < missing.length; i += 500) for (const row of await stub.where('near_signatures.article_id', 'in', missing.slice(i, i + 500)).execute()) keep(row);
  };
  // Ours always come back with their bands; read any that did not all the same.
  await load(ids);

  // Each of ours links to its earliest earlier match; a stored later match re-links to ours when ours is earlier than its original.
  const links = new Map<string, { original: string | null; similarity: number | null }>();
  const laterMatches: { article: Stored; original: Stored; similarity: number }[] = [];
  for (const id of ids) {
    const self = stored.get(id);
    if (!self) continue;
    let best: { other: Stored; similarity: number } | undefined;
    for (const otherId of candidates.get(id)!) {
      const other = stored.get(otherId);
      if (!other) continue;
      const similarity = estimateSimilarity(self.signature, other.signature);
      if (similarity < NEAR_DUPLICATE_THRESHOLD) continue;
      if (compareAge(other, self) < 0) {
        if (!best || compareAge(other, best.other) < 0) best = { other, similarity };
      } else if (!signatures.has(otherId)) {
        laterMatches.push({ article: other, original: self, similarity });
      }
    }
    links.set(id, best ? { original: best.other.id, similarity: roundSimilarity(best.similarity) } : { original: null, similarity: null });
  }
  await load(laterMatches.flatMap((match) => (match.article.nearDuplicateOf ? [match.article.nearDuplicateOf] : [])));
  laterMatches.sort((a, b) => compareAge(a.original, b.original));
  for (const { article, original, similarity } of laterMatches) {
    const planned = links.get(article.id);
    const current = planned ? planned.original : article.nearDuplicateOf;
    const currentOriginal = current ? stored.get(current) : undefined;
    if (current && (!currentOriginal || compareAge(currentOriginal, original) <= 0)) continue;
    links.set(article.id, { original: original.id, similarity: roundSimilarity(similarity) });
  }

  for (const [id, link] of links) {
    const self = stored.get(id)!;
    if (self.nearDuplicateOf === link.original && self.nearSimilarity === link.similarity) continue;
    await trx.updateTable('articles').set({ near_duplicate_of: link.original, near_similarity: link.similarity }).where('id', '=', id).execute();
  }
}
