/**
 * An article record as table rows (pure: no database). Also decides which reports are of the same
 * real-world event: the event's id is a hash of what it is (type, CAMEO code, actors, date,
 * negation, modality), so reports from different articles land on one `events` row.
 */
import { contentHash } from '../core/hash.js';
import type { ActorRef, Article, EventRecord } from '../core/record.js';
import type { Database } from './schema.js';

type Row<T extends keyof Database> = Database[T];

export interface ArticleRows {
  entities: Row<'entities'>[];
  mentions: Row<'mentions'>[];
  events: Row<'events'>[];
  eventMentions: Row<'event_mentions'>[];
  quotes: Row<'quotes'>[];
  times: Row<'times'>[];
  framing: Row<'framing'>[];
  diagnostics: Row<'diagnostics'>[];
}

const ISO_PREFIX = /^\d{4}(?:-\d{2}(?:-\d{2})?)?/;

/** The event's date: its linked time when that is a resolved calendar date, else the article's publication day, else none. */
export function eventDate(event: EventRecord, published: string | null): string | null {
  const linked = event.time?.value.match(ISO_PREFIX)?.[0];
  if (linked) return linked;
  return published?.match(ISO_PREFIX)?.[0] ?? null;
}

function actorKey(actors: readonly ActorRef[]): string {
  const first = actors[0];
  if (!first) return '';
  return first.code ?? first.entity ?? first.text.toLowerCase();
}

/**
 * The id of the real-world event a report is of. Reports without a date cannot be matched safely,
 * so they stay events of their own article. Symmetric events ("met") ignore the actors' order.
 */
export function eventClusterId(event: EventRecord, article: Pick<Article, 'id' | 'published'>): string {
  const date = eventDate(event, article.published);
  let sides = [actorKey(event.source), actorKey(event.target)];
  if (event.reciprocal) sides = sides.sort();
  const when = date ?? `article:${article.id}:${event.id}`;
  return 'ev:' + contentHash([event.type, event.cameo, ...sides, when, event.negated ? 'negated' : '', event.modality].join('\u0001'));
}

export function articleRows(article: Article): ArticleRows {
  const rows: ArticleRows = { entities: [], mentions: [], events: [], eventMentions: [], quotes: [], times: [], framing: [], diagnostics: [] };
  const text = article.text;
  for (const entity of article.entities) {
    rows.entities.push({
      id: entity.id,
      name: entity.name,
      type: entity.type,
      code: entity.code ?? null,
      country: entity.country ?? null,
      sector: entity.sector ?? null,
      lat: entity.geo?.lat ?? null,
      lon: entity.geo?.lon ?? null,
      source: entity.source,
    });
    for (const mention of entity.mentions) {
      rows.mentions.push({
        article_id: article.id,
        seq: rows.mentions.length,
        entity_id: entity.id,
        span_start: mention.span.start,
        span_end: mention.span.end,
        text: mention.text,
        kind: mention.kind,
        rule: mention.rule,
      });
    }
  }
  const seenEvents = new Set<string>();
  for (const event of article.events) {
    const id = eventClusterId(event, article);
    const source = event.source[0];
    const target = event.target[0];
    if (!seenEvents.has(id)) {
      seenEvents.add(id);
      rows.events.push({
        id,
        type: event.type,
        mode: event.mode ?? null,
        cameo: event.cameo,
        quad_class: event.quadClass,
        goldstein: event.goldstein,
        source_code: source?.code ?? null,
        source_entity: source?.entity ?? null,
        source_text: source?.text ?? null,
        target_code: target?.code ?? null,
        target_entity: target?.entity ?? null,
        target_text: target?.text ?? null,
        place_entity: event.place?.entity ?? null,
        date: eventDate(event, article.published),
        negated: event.negated ? 1 : 0,
        modality: event.modality,
        mention_count: 0,
      });
    }
    rows.eventMentions.push({
      article_id: article.id,
      local_id: event.id,
      event_id: id,
      sentence: event.sentence,
      trigger_start: event.trigger.start,
      trigger_end: event.trigger.end,
      evidence_start: event.evidence.start,
      evidence_end: event.evidence.end,
      evidence_text: text.slice(event.evidence.start, event.evidence.end),
      time_value: event.time?.value ?? null,
      background: event.background ? 1 : 0,
      main: event.main ? 1 : 0,
      rule: event.rule,
      confidence: event.confidence,
    });
  }
  article.quotes.forEach((quote, seq) => {
    rows.quotes.push({
      article_id: article.id,
      seq,
      span_start: quote.span.start,
      span_end: quote.span.end,
      text: text.slice(quote.span.start, quote.span.end),
      kind: quote.kind,
      speaker_entity: quote.speaker?.entity ?? null,
      speaker_text: quote.speakerText ?? null,
      attribution: quote.attribution,
      cue_start: quote.cue?.start ?? null,
      cue_end: quote.cue?.end ?? null,
      confidence: quote.confidence,
      rule: quote.rule,
    });
  });
  for (const time of article.times) {
    rows.times.push({
      article_id: article.id,
      time_id: time.id,
      span_start: time.span.start,
      span_end: time.span.end,
      text: time.text,
      type: time.type,
      value: time.value,
      precision: time.precision,
      anchor: time.anchor,
      resolved: time.resolved ? 1 : 0,
      rule: time.rule,
    });
  }
  article.framing.forEach((marker, seq) => {
    rows.framing.push({
      article_id: article.id,
      seq,
      span_start: marker.span.start,
      span_end: marker.span.end,
      text: text.slice(marker.span.start, marker.span.end),
      kind: marker.kind,
      note: marker.note,
    });
  });
  article.diagnostics.forEach((diagnostic, seq) => {
    rows.diagnostics.push({
      article_id: article.id,
      seq,
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
      stage: diagnostic.stage,
      span_start: diagnostic.span?.start ?? null,
      span_end: diagnostic.span?.end ?? null,
    });
  });
  return rows;
}
