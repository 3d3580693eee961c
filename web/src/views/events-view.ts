/**
 * The events table: the CLI's filters (actor, type, since, until, place, text), paging, and for each
 * event a link to the sentence of its first report, in its article, with the event selected.
 */
import { api } from '../api.js';
import { append, element, notice } from '../dom.js';
import { routeHash, type Route } from '../routes.js';
import { filterForm, pager } from './controls.js';

const PAGE_SIZE = 50;
const FILTERS = ['actor', 'type', 'since', 'until', 'place', 'text'] as const;

function actorCell(code: string | null, name: string | null): HTMLElement {
  return element('td', {}, name ?? '—', code ? element('code', { class: 'code' }, code) : null);
}

export async function showEvents(container: HTMLElement, route: Route): Promise<void> {
  const filters: Record<string, string> = {};
  for (const name of FILTERS) filters[name] = route.query.get(name) ?? '';
  const offset = Number(route.query.get('offset') ?? 0) || 0;
  append(
    container,
    element('h1', {}, 'Events'),
    filterForm('events', [
      { name: 'actor', label: 'Actor', value: filters['actor']!, placeholder: 'RUS, country:RUS' },
      { name: 'type', label: 'Type', value: filters['type']!, placeholder: 'CONSULT or 04' },
      { name: 'since', label: 'Since', value: filters['since']!, type: 'date' },
      { name: 'until', label: 'Until', value: filters['until']!, placeholder: 'YYYY-MM(-DD)' },
      { name: 'place', label: 'Place', value: filters['place']!, placeholder: 'Moscow' },
      { name: 'text', label: 'Words', value: filters['text']! },
    ]),
  );
  const page = await api.events({ ...filters, limit: PAGE_SIZE, offset });
  if (page.items.length === 0) {
    container.appendChild(notice('empty', offset > 0 ? 'No more events.' : 'No events match these filters.'));
    return;
  }
  const body = element('tbody');
  for (const row of page.items) {
    const link = row.articleId
      ? element('a', { href: routeHash(`article/${encodeURIComponent(row.articleId)}`, { sentence: row.sentence ?? undefined, event: row.localEventId ?? undefined }), class: 'evidence-link' }, row.evidence ?? 'open the article')
      : element('span', { class: 'muted' }, row.evidence ?? '—');
    body.appendChild(
      element(
        'tr',
        { 'data-event-id': row.id },
        element('td', { class: 'nowrap' }, row.date ?? '—'),
        element('td', {}, element('span', { class: `chip quad-${row.quadClass}` }, row.type), row.negated ? element('span', { class: 'muted' }, ' (negated)') : null),
        element('td', {}, element('code', {}, row.cameo)),
        actorCell(row.sourceCode, row.sourceName),
        actorCell(row.targetCode, row.targetName),
        element('td', {}, row.placeName ?? '—'),
        element('td', { class: 'number' }, row.mentions),
        element('td', { class: 'evidence-cell' }, link),
      ),
    );
  }
  append(
    container,
    element(
      'table',
      { class: 'data-table events-table' },
      element('caption', { class: 'visually-hidden' }, 'Events'),
      element('thead', {}, element('tr', {}, ...['Date', 'Type', 'CAMEO', 'Source', 'Target', 'Place', 'Reports', 'Evidence'].map((name) => element('th', { scope: 'col' }, name)))),
      body,
    ),
    pager('events', filters, offset, PAGE_SIZE, page.items.length, page.nextOffset),
  );
}
