/**
 * The articles list (search by words, outlet, dates; paging) and one article, annotated. The
 * article view takes `sentence` and `event` from the route to scroll to a sentence and select an
 * event (the events table links here).
 */
import { api } from '../api.js';
import { renderArticle } from '../article/article-display.js';
import { append, element, notice } from '../dom.js';
import { routeHash, type Route } from '../routes.js';
import { filterForm, pager } from './controls.js';

const PAGE_SIZE = 50;

/** The last part of a URI or path, for articles without a title. */
function fileName(uri: string | null): string | null {
  if (!uri) return null;
  const name = uri.replace(/[?#].*$/, '').split(/[\\/]/).filter(Boolean).pop();
  return name ?? uri;
}

export async function showArticles(container: HTMLElement, route: Route): Promise<void> {
  const filters = { text: route.query.get('text') ?? '', outlet: route.query.get('outlet') ?? '', since: route.query.get('since') ?? '', until: route.query.get('until') ?? '' };
  const offset = Number(route.query.get('offset') ?? 0) || 0;
  append(
    container,
    element('h1', {}, 'Articles'),
    filterForm('articles', [
      { name: 'text', label: 'Words', value: filters.text },
      { name: 'outlet', label: 'Outlet', value: filters.outlet },
      { name: 'since', label: 'Since', value: filters.since, type: 'date' },
      { name: 'until', label: 'Until', value: filters.until, placeholder: 'YYYY-MM-DD' },
    ]),
  );
  const page = await api.articles({ ...filters, limit: PAGE_SIZE, offset });
  if (page.items.length === 0) {
    container.appendChild(notice('empty', offset > 0 ? 'No more articles.' : 'No articles match. Ingest some with `dateline ingest`, or try the paste box.'));
    return;
  }
  const body = element('tbody');
  for (const row of page.items) {
    body.appendChild(
      element(
        'tr',
        {},
        element('td', { class: 'nowrap' }, row.published?.slice(0, 10) ?? '—'),
        element('td', {}, element('a', { href: routeHash(`article/${encodeURIComponent(row.id)}`) }, row.title ?? fileName(row.uri) ?? row.id.slice(0, 12))),
        element('td', {}, row.outlet ?? '—'),
        element('td', { class: 'number' }, row.entities),
        element('td', { class: 'number' }, row.events),
        element('td', { class: 'number' }, row.quotes),
      ),
    );
  }
  append(
    container,
    element(
      'table',
      { class: 'data-table' },
      element('caption', { class: 'visually-hidden' }, 'Articles'),
      element('thead', {}, element('tr', {}, ...['Published', 'Title', 'Outlet', 'Entities', 'Events', 'Quotes'].map((name) => element('th', { scope: 'col' }, name)))),
      body,
    ),
    pager('articles', { ...filters }, offset, PAGE_SIZE, page.items.length, page.nextOffset),
  );
}

export async function showArticle(container: HTMLElement, route: Route): Promise<void | (() => void)> {
  const id = route.path[0];
  if (!id) {
    container.appendChild(notice('error', 'No article id in the address.'));
    return;
  }
  const article = await api.article(id);
  const sentence = route.query.get('sentence');
  const display = renderArticle(article, { sentence: sentence !== null && sentence !== '' ? Number(sentence) : undefined, event: route.query.get('event') ?? undefined });
  container.appendChild(display.element);
  return display.reveal;
}
