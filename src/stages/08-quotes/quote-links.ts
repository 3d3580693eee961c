/**
 * The quote-links stage: runs after the events stage and links each quote to the event it is the
 * content of — a statement, warning, denial, demand or promise coded from the quote's own cue
 * ("Moscow has warned that … would “ruin everything”" → the THREATEN event of "warned"). Only the
 * `event` field of quotes changes. Speech verbs the event dictionary leaves out ("said") have no
 * event, so most quotes stay unlinked.
 */
import type { Article } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';

export function linkQuotesToEvents(article: Article): void {
  for (const quote of article.quotes) {
    delete quote.event;
    const cue = quote.cue;
    if (!cue) continue;
    const event = article.events.find((e) => e.trigger.start < cue.end && cue.start < e.trigger.end);
    if (event) quote.event = event.id;
  }
}

export const quoteLinksStage: Stage = {
  name: 'quote-links',
  run(article: Article, _context: StageContext): void {
    linkQuotesToEvents(article);
  },
};
