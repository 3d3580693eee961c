/**
 * The article-level summary: quotes per speaker and per side, the share of the text that is
 * quoted, framing markers per 1,000 words, and a lexicon tone score.
 *
 * Tone follows the GDELT Global Knowledge Graph's document tone (Leetaru & Schrodt, "GDELT: Global
 * Data on Events, Location and Tone", ISA 2013; GDELT GKG 2.1 codebook, field V1.5TONE): the share
 * of words with a positive connotation minus the share with a negative one, as percentages:
 * tone = (positive − negative) / words × 100. GDELT uses large licensed lexicons; Dateline uses its
 * own small word lists (`tone` in `data/lexicon/framing.json`, MIT). Like GDELT's, it counts words
 * one by one: no negation, no intensity, no sense disambiguation. `outletScore` is the same over
 * the words outside quote marks: the outlet's own voice.
 */
import type { Article, ArticleSummary, Span } from '../../core/record.js';
import type { FramingKnowledge } from './framing-lexicon.js';

/** Spans of direct and partial quotes: the words between quote marks. */
export function quotedSpans(article: Article): Span[] {
  return article.quotes.filter((q) => q.kind !== 'reported').map((q) => q.span);
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu;

export const TONE_METHOD =
  'GDELT GKG document tone (Leetaru & Schrodt 2013; GKG 2.1 codebook V1.5TONE): (positive − negative words) / all words × 100, with Dateline\'s own word lists (data/lexicon/framing.json); words counted one by one, no negation';

function round(value: number, places = 3): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

export function summariseArticle(article: Article, knowledge: FramingKnowledge): ArticleSummary {
  const quoted = quotedSpans(article);
  const all = article.quotes.map((q) => q.span);
  const inAny = (spans: readonly Span[], at: number): boolean => spans.some((s) => at >= s.start && at < s.end);
  let words = 0;
  let inQuotes = 0;
  let inMarks = 0;
  let positive = 0;
  let negative = 0;
  let outletWords = 0;
  let outletPositive = 0;
  let outletNegative = 0;
  for (const match of article.text.matchAll(WORD)) {
    words++;
    const marked = inAny(quoted, match.index);
    if (marked) inMarks++;
    if (marked || inAny(all, match.index)) inQuotes++;
    const lower = match[0].toLowerCase();
    const tone = knowledge.positive.has(lower) ? 1 : knowledge.negative.has(lower) ? -1 : 0;
    if (tone > 0) positive++;
    if (tone < 0) negative++;
    if (!marked) {
      outletWords++;
      if (tone > 0) outletPositive++;
      if (tone < 0) outletNegative++;
    }
  }

  const entities = new Map(article.entities.map((e) => [e.id, e]));
  const bySpeaker = new Map<string, { entity?: string; name: string; count: number }>();
  const bySide = new Map<string, number>();
  for (const quote of article.quotes) {
    const refs = quote.speakers ?? (quote.speaker ? [quote.speaker] : []);
    const sides = new Set<string>();
    if (refs.length === 0) {
      const name = quote.speakerText ? quote.speakerText.replace(/^(?:the|a|an)\s+/i, '') : 'unknown';
      const key = `text:${name.toLowerCase()}`;
      const entry = bySpeaker.get(key) ?? { name, count: 0 };
      entry.count++;
      bySpeaker.set(key, entry);
      sides.add('unknown');
    }
    for (const ref of refs) {
      const entity = entities.get(ref.entity);
      const entry = bySpeaker.get(ref.entity) ?? { entity: ref.entity, name: entity?.name ?? ref.entity, count: 0 };
      entry.count++;
      bySpeaker.set(ref.entity, entry);
      sides.add(entity?.country ?? entity?.code?.slice(0, 3) ?? 'unknown');
    }
    for (const side of sides) bySide.set(side, (bySide.get(side) ?? 0) + 1);
  }

  const byKind: Record<string, number> = {};
  for (const marker of article.framing) byKind[marker.kind] = (byKind[marker.kind] ?? 0) + 1;
  const outletMarkers = article.framing.filter((m) => !m.quoted).length;
  const per = (n: number, of: number): number => (of > 0 ? round((n / of) * 1000, 2) : 0);

  return {
    words,
    quotes: {
      total: article.quotes.length,
      bySpeaker: [...bySpeaker.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      bySide: [...bySide.entries()].map(([side, count]) => ({ side, count })).sort((a, b) => b.count - a.count || a.side.localeCompare(b.side)),
      quotedShare: words > 0 ? round(inQuotes / words) : 0,
      directShare: words > 0 ? round(inMarks / words) : 0,
    },
    framing: {
      markers: article.framing.length,
      per1000Words: per(article.framing.length, words),
      outletPer1000Words: per(outletMarkers, outletWords),
      byKind,
    },
    tone: {
      score: words > 0 ? round(((positive - negative) / words) * 100, 2) : 0,
      outletScore: outletWords > 0 ? round(((outletPositive - outletNegative) / outletWords) * 100, 2) : 0,
      positive,
      negative,
      method: TONE_METHOD,
    },
  };
}
