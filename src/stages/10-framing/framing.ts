/**
 * The framing stage: marks the framing devices in the text and writes the article-level summary.
 * - lexicon markers (`data/lexicon/framing.json` and users' files): loaded labels (regime,
 *   so-called), evaluative modifiers (crippling, deadly), occupation/legitimacy vocabulary,
 *   other loaded terms — each with its category; markers inside a quote are flagged `quoted`
 *   (the speaker's words, not the outlet's);
 * - metonyms: a place standing for its government ("Moscow has warned"), from the entity mentions
 *   of kind `metonym`;
 * - scare quotes are found by the quotes stage (they need the quote rules) and kept here.
 * Runs last: the summary counts quotes, markers and tone (`summary.ts`). Never reads files.
 */
import type { Article, FramingMarker, Span } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import { normaliseTerm, type FramingKnowledge } from './framing-lexicon.js';
import { quotedSpans, summariseArticle } from './summary.js';

const inside = (spans: readonly Span[], span: Span): boolean => spans.some((s) => span.start >= s.start && span.end <= s.end);

export function findFramingMarkers(article: Article, knowledge: FramingKnowledge): FramingMarker[] {
  const markers: FramingMarker[] = [];
  const quoted = quotedSpans(article);
  // Words inside a proper name ("the Palestine Liberation Organization") frame nothing.
  const names = article.entities
    .filter((e) => e.type === 'ORG' || e.type === 'MISC')
    .flatMap((e) => e.mentions.filter((m) => m.kind === 'name' && /\s/.test(m.text)).map((m) => m.span));
  if (knowledge.pattern) {
    knowledge.pattern.lastIndex = 0;
    for (const match of article.text.matchAll(knowledge.pattern)) {
      const span = { start: match.index, end: match.index + match[0].length };
      if (inside(names, span)) continue;
      const entry = knowledge.terms.get(normaliseTerm(match[0]));
      if (!entry) continue;
      markers.push({ span, kind: entry.category, text: match[0], note: entry.note, quoted: inside(quoted, span), rule: 'framing:lexicon' });
    }
  }
  for (const entity of article.entities) {
    for (const mention of entity.mentions) {
      if (mention.kind !== 'metonym') continue;
      markers.push({
        span: mention.span,
        kind: 'metonym',
        text: mention.text,
        note: `“${mention.text}” stands for ${entity.name}`,
        quoted: inside(quoted, mention.span),
        entity: entity.id,
        rule: 'framing:metonym',
      });
    }
  }
  return markers;
}

export const framingStage: Stage = {
  name: 'framing',
  run(article: Article, context: StageContext): void {
    const knowledge = context.resources.framing;
    const scareQuotes = article.framing.filter((f) => f.kind === 'scare-quote');
    const found = findFramingMarkers(article, knowledge);
    // A scare-quoted word is one marker, not two ("the “regime”").
    const kept = found.filter((m) => !scareQuotes.some((s) => s.span.start === m.span.start && s.span.end === m.span.end));
    article.framing = [...scareQuotes, ...kept].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    article.summary = summariseArticle(article, knowledge);
  },
};
