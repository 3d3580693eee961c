/**
 * The side panel's contents for a selected annotation: an event (type, CAMEO, QuadClass, source,
 * target, place, date, flags, rule), an entity, a date, a quote or a framing marker. Values are
 * set as text; nothing from the article is parsed as HTML.
 */
import type { ActorRef, Article, EventRecord } from '../../../src/core/record.js';
import { definitions, element, type Child } from '../dom.js';
import type { Selection } from './annotated-text.js';

const QUAD_CLASSES: Record<number, string> = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };

function entityName(article: Article, id: string | undefined): string | undefined {
  if (!id) return undefined;
  return article.entities.find((entity) => entity.id === id)?.name ?? id;
}

function actorItems(article: Article, actors: readonly ActorRef[], role: string): Child[] {
  if (actors.length === 0) return [element('span', { class: 'muted' }, 'none found')];
  const list = element('ul', { class: `actors actors-${role}` });
  const seen = new Set<string>();
  for (const actor of actors) {
    const key = `${actor.span.start}:${actor.span.end}:${actor.entity ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = entityName(article, actor.entity);
    list.appendChild(
      element(
        'li',
        { 'data-role': role },
        element('q', {}, actor.text),
        name && name !== actor.text ? ` → ${name}` : '',
        actor.code ? element('code', {}, actor.code) : null,
      ),
    );
  }
  return [list];
}

/** The details of one event, as a panel section. */
export function eventDetails(article: Article, event: EventRecord): HTMLElement {
  const flags = [
    event.main ? 'main event' : '',
    event.negated ? 'negated' : '',
    event.modality !== 'asserted' ? event.modality : 'asserted',
    event.background ? 'background' : '',
    event.reciprocal ? 'reciprocal' : '',
  ].filter(Boolean);
  return element(
    'section',
    { class: 'panel-section', 'data-kind': 'event', 'data-event': event.id },
    element('h3', {}, `Event ${event.id}: ${event.type}${event.mode ? ` (${event.mode})` : ''}`),
    element('p', { class: 'evidence' }, element('q', {}, article.text.slice(event.evidence.start, event.evidence.end))),
    definitions([
      ['Trigger', article.text.slice(event.trigger.start, event.trigger.end)],
      ['Type', event.type],
      ['CAMEO', event.cameo],
      ['QuadClass', `${event.quadClass} (${QUAD_CLASSES[event.quadClass] ?? 'unknown'})`],
      ['Goldstein', event.goldstein.toFixed(1)],
      ['Source', actorItems(article, event.source, 'source')],
      ['Target', actorItems(article, event.target, 'target')],
      ['Place', event.place ? `${entityName(article, event.place.entity)} (${event.place.rule})` : element('span', { class: 'muted' }, 'not stated')],
      ['Date', event.time ? `${event.time.value} (${event.time.rule})` : element('span', { class: 'muted' }, 'not stated')],
      ['Attributed to', event.attributedTo ? event.attributedTo.text : null],
      ['Flags', flags.join(', ')],
      ['Rule', element('code', {}, event.rule)],
      ['Confidence', event.confidence.toFixed(2)],
      ['Sentence', String(event.sentence)],
    ]),
  );
}

/** The details of any selection. */
export function selectionDetails(article: Article, selection: Selection): HTMLElement {
  switch (selection.kind) {
    case 'trigger':
      return eventDetails(article, article.events[selection.index]!);
    case 'entity': {
      const entity = article.entities[selection.index]!;
      const mention = entity.mentions[selection.mention ?? 0];
      return element(
        'section',
        { class: 'panel-section', 'data-kind': 'entity' },
        element('h3', {}, entity.name),
        definitions([
          ['Type', element('span', { class: `chip ent-${entity.type}` }, entity.type)],
          ['Id', element('code', {}, entity.id)],
          ['Code', entity.code ?? null],
          ['Country', entity.country ?? null],
          ['Sector', entity.sector ?? null],
          ['Roles', entity.roles.map((role) => role.title + (role.of ? ` of ${entityName(article, role.of)}` : '')).join('; ')],
          ['Aliases', entity.aliases.join(', ')],
          ['Mention', mention ? `“${mention.text}” (${mention.kind})` : null],
          ['Mentions', String(entity.mentions.length)],
          ['Rule', mention ? element('code', {}, mention.rule) : null],
          ['Source', element('code', {}, entity.source)],
        ]),
      );
    }
    case 'time': {
      const time = article.times[selection.index]!;
      return element(
        'section',
        { class: 'panel-section', 'data-kind': 'time' },
        element('h3', {}, `Date: ${time.text}`),
        definitions([
          ['Value', element('code', {}, time.value)],
          ['Type', time.type],
          ['Precision', time.precision],
          ['Anchor', time.anchor],
          ['Resolved', time.resolved ? 'yes' : 'no'],
          ['Interval', time.interval ? `${time.interval.start} – ${time.interval.end}` : null],
          ['Rule', element('code', {}, time.rule)],
        ]),
      );
    }
    case 'quote': {
      const quote = article.quotes[selection.index]!;
      const speaker = entityName(article, quote.speaker?.entity) ?? quote.speakerText;
      return element(
        'section',
        { class: 'panel-section', 'data-kind': 'quote' },
        element('h3', {}, `Quote ${quote.id} (${quote.kind})`),
        element('blockquote', {}, article.text.slice(quote.span.start, quote.span.end)),
        definitions([
          ['Speaker', speaker ?? element('span', { class: 'muted' }, 'unknown')],
          ['Attribution', quote.attribution],
          ['Cue', quote.cue ? article.text.slice(quote.cue.start, quote.cue.end) : null],
          ['Event', quote.event ?? null],
          ['Confidence', quote.confidence.toFixed(2)],
          ['Rule', element('code', {}, quote.rule)],
        ]),
      );
    }
    case 'framing': {
      const marker = article.framing[selection.index]!;
      return element(
        'section',
        { class: 'panel-section', 'data-kind': 'framing' },
        element('h3', {}, `Framing: ${marker.kind}`),
        definitions([
          ['Words', article.text.slice(marker.span.start, marker.span.end)],
          ['Note', marker.note],
          ['Inside a quote', marker.quoted ? 'yes' : 'no'],
          ['Stands for', entityName(article, marker.entity) ?? null],
          ['Rule', marker.rule ? element('code', {}, marker.rule) : null],
        ]),
      );
    }
  }
}
