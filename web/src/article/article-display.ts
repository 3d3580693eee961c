/**
 * One article on screen: its provenance, the main event's 5W1H, a legend, the annotated text and a
 * side panel with the details of what was clicked and the list of events (buttons, so the events
 * can be reached by keyboard). Used by the article view and the paste box.
 */
import type { Article } from '../../../src/core/record.js';
import { append, clear, definitions, element } from '../dom.js';
import { renderAnnotatedText, type Selection } from './annotated-text.js';
import { eventDetails, selectionDetails } from './details.js';

export interface DisplayOptions {
  /** Sentence to scroll to and highlight. */
  sentence?: number;
  /** Event (local id, `e1`) to select. */
  event?: string;
}

const LEGEND: readonly [string, string][] = [
  ['ent ent-PERSON', 'person'],
  ['ent ent-ORG', 'organisation'],
  ['ent ent-GPE', 'country / city'],
  ['ent ent-LOC', 'location'],
  ['ent ent-NORP', 'nationality / group'],
  ['ent ent-MISC', 'other'],
  ['trigger', 'event trigger'],
  ['time', 'date'],
  ['quote', 'quote'],
  ['framing', 'framing marker'],
];

/** Builds the article display; call `reveal()` once it is in the document (it scrolls). */
export function renderArticle(article: Article, options: DisplayOptions = {}): { element: HTMLElement; reveal(): void } {
  const panel = element('div', { class: 'panel-body', 'aria-live': 'polite' });
  const eventList = element('ol', { class: 'event-list' });
  const buttons = new Map<string, HTMLButtonElement>();

  const showEvent = (localId: string): void => {
    const event = article.events.find((candidate) => candidate.id === localId);
    if (!event) return;
    annotated.selectEvent(localId);
    clear(panel);
    panel.appendChild(eventDetails(article, event));
    for (const [id, button] of buttons) button.setAttribute('aria-pressed', String(id === localId));
  };
  const onSelect = (selection: Selection): void => {
    if (selection.kind === 'trigger') {
      showEvent(article.events[selection.index]!.id);
      return;
    }
    annotated.clearSelection();
    clear(panel);
    panel.appendChild(selectionDetails(article, selection));
  };
  // The handlers above run only after this line (on clicks), so they can use `annotated`.
  const annotated = renderAnnotatedText(article, onSelect);

  for (const event of article.events) {
    const trigger = article.text.slice(event.trigger.start, event.trigger.end);
    const button = element('button', { type: 'button', class: 'event-button', 'data-event': event.id, 'aria-pressed': 'false' }, element('span', { class: 'chip' }, event.type), ` ${trigger}`, event.main ? element('span', { class: 'muted' }, ' (main)') : null);
    button.addEventListener('click', () => {
      showEvent(event.id);
      annotated.element.querySelector<HTMLElement>(`[data-event="${event.id}"]`)?.scrollIntoView({ block: 'center' });
    });
    buttons.set(event.id, button);
    eventList.appendChild(element('li', {}, button));
  }

  const main = article.mainEvent;
  const header = element(
    'header',
    { class: 'article-header' },
    element('h2', {}, article.title ?? 'Untitled article'),
    definitions([
      ['Published', article.published ?? 'unknown'],
      ['Outlet', article.source.outlet ?? null],
      ['Source', article.source.uri ?? article.source.kind],
      ['Id', element('code', {}, article.id.slice(0, 16))],
      ['Tone (lexicon)', article.summary ? article.summary.tone.score.toFixed(2) : null],
      ['Main event', main ? [main.who, ' — ', main.what, main.whom ? ` — ${main.whom}` : '', main.when ? ` — ${main.when}` : '', main.where ? ` — ${main.where}` : ''] : null],
    ]),
  );
  const legend = element('ul', { class: 'legend', 'aria-label': 'Legend' });
  for (const [classes, label] of LEGEND) legend.appendChild(element('li', {}, element('span', { class: `seg ${classes}` }, label)));

  if (article.events.length === 0) eventList.appendChild(element('li', { class: 'muted' }, 'No events found in this article.'));
  append(panel, element('p', { class: 'muted' }, 'Click a highlighted word, or pick an event below, to see its details.'));

  const layout = element(
    'div',
    { class: 'article-layout' },
    element('article', { class: 'article-text', 'aria-label': 'Annotated article text' }, article.text.length === 0 ? element('p', { class: 'notice notice-empty' }, 'This article has no text.') : annotated.element),
    element('aside', { class: 'side-panel', 'aria-label': 'Details' }, element('h2', {}, 'Details'), panel, element('h2', {}, `Events (${article.events.length})`), eventList),
  );
  const root = element('div', { class: 'article-display' }, header, legend, layout);

  const reveal = (): void => {
    if (options.event) showEvent(options.event);
    if (options.sentence !== undefined) annotated.highlightSentence(options.sentence);
  };
  return { element: root, reveal };
}
