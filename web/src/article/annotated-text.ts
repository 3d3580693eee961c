/**
 * Renders an article's text with its annotations, displaCy-style: entity mentions coloured by type
 * with a type tag, event triggers tagged with their PLOVER type, dates with their normalised value,
 * quotes and framing markers underlined. The text is cut at every annotation boundary into flat
 * segments (so overlapping spans need no nesting rules), grouped by sentence so a sentence can be
 * scrolled to and highlighted. Every piece of article text becomes a text node: this module must
 * never parse article data as HTML.
 */
import type { Article, EventRecord, Span } from '../../../src/core/record.js';
import { append, element } from '../dom.js';

export type AnnotationKind = 'trigger' | 'time' | 'entity' | 'framing' | 'quote';

/** One highlighted span: its kind and the index of the item in its article array. */
export interface Annotation {
  kind: AnnotationKind;
  start: number;
  end: number;
  /** Index into `article.events`, `times`, `entities`, `framing` or `quotes`. */
  index: number;
  /** For entities: the mention's index. */
  mention?: number;
}

/** What a click or key press selected. */
export type Selection = Annotation;

export interface AnnotatedText {
  element: HTMLElement;
  /** Marks an event's trigger, arguments, place and time; returns false when there is no such event. */
  selectEvent(localId: string): boolean;
  /** Scrolls to sentence `index` and highlights it. */
  highlightSentence(index: number): boolean;
  clearSelection(): void;
}

/** The order in which a click on overlapping annotations picks one: the most specific first. */
const PRIORITY: Record<AnnotationKind, number> = { trigger: 0, time: 1, entity: 2, framing: 3, quote: 4 };

interface Segment {
  start: number;
  end: number;
  node: HTMLElement | null;
  /** The text node of an unannotated segment, until it is wrapped to be marked. */
  plain: Text | null;
}

/** Every annotation of an article, as spans. */
export function collectAnnotations(article: Article): Annotation[] {
  const annotations: Annotation[] = [];
  const length = article.text.length;
  const add = (annotation: Annotation): void => {
    const start = Math.max(0, Math.min(annotation.start, length));
    const end = Math.max(start, Math.min(annotation.end, length));
    if (end > start) annotations.push({ ...annotation, start, end });
  };
  article.entities.forEach((entity, index) => {
    entity.mentions.forEach((mention, mentionIndex) => add({ kind: 'entity', start: mention.span.start, end: mention.span.end, index, mention: mentionIndex }));
  });
  article.events.forEach((event, index) => add({ kind: 'trigger', start: event.trigger.start, end: event.trigger.end, index }));
  article.times.forEach((time, index) => add({ kind: 'time', start: time.span.start, end: time.span.end, index }));
  article.quotes.forEach((quote, index) => add({ kind: 'quote', start: quote.span.start, end: quote.span.end, index }));
  article.framing.forEach((marker, index) => add({ kind: 'framing', start: marker.span.start, end: marker.span.end, index }));
  return annotations;
}

function classesOf(article: Article, annotation: Annotation): string[] {
  switch (annotation.kind) {
    case 'entity': {
      const entity = article.entities[annotation.index]!;
      const mention = entity.mentions[annotation.mention ?? 0];
      return ['ent', `ent-${entity.type}`, mention ? `mention-${mention.kind}` : ''];
    }
    case 'trigger': {
      const event = article.events[annotation.index]!;
      return ['trigger', event.main ? 'trigger-main' : '', event.negated ? 'trigger-negated' : ''];
    }
    case 'time':
      return ['time', article.times[annotation.index]!.resolved ? '' : 'time-unresolved'];
    case 'quote':
      return ['quote', `quote-${article.quotes[annotation.index]!.kind}`];
    case 'framing':
      return ['framing', `framing-${article.framing[annotation.index]!.kind}`];
  }
}

/** The tag shown after an annotation's last segment (displaCy's label), or null for none. */
function tagOf(article: Article, annotation: Annotation): string | null {
  switch (annotation.kind) {
    case 'entity':
      return article.entities[annotation.index]!.type;
    case 'trigger':
      return article.events[annotation.index]!.type;
    case 'time':
      return article.times[annotation.index]!.value;
    default:
      return null;
  }
}

function hoverTitle(article: Article, annotation: Annotation): string {
  switch (annotation.kind) {
    case 'entity': {
      const entity = article.entities[annotation.index]!;
      return `${entity.name} · ${entity.type}${entity.code ? ` · ${entity.code}` : ''}`;
    }
    case 'trigger': {
      const event = article.events[annotation.index]!;
      return `${event.id} · ${event.type} · CAMEO ${event.cameo}`;
    }
    case 'time': {
      const time = article.times[annotation.index]!;
      return `${time.type} ${time.value}`;
    }
    case 'quote': {
      const quote = article.quotes[annotation.index]!;
      return `${quote.kind} quote`;
    }
    case 'framing':
      return `framing: ${article.framing[annotation.index]!.kind}`;
  }
}

/** Builds the annotated text; `onSelect` is called with the annotation a click or key press chose. */
export function renderAnnotatedText(article: Article, onSelect: (selection: Selection) => void): AnnotatedText {
  const text = article.text;
  const annotations = collectAnnotations(article);
  const root = element('div', { class: 'annotated-text', lang: article.language || 'en' });
  const segments: Segment[] = [];
  const annotationsOf = new WeakMap<Element, Annotation[]>();

  // Boundaries: every annotation and sentence edge.
  const sentences = [...article.sentences].map((sentence, index) => ({ index, start: sentence.span.start, end: Math.min(sentence.span.end, text.length) })).filter((s) => s.end > s.start);
  sentences.sort((a, b) => a.start - b.start);
  const boundarySet = new Set<number>([0, text.length]);
  for (const annotation of annotations) boundarySet.add(annotation.start).add(annotation.end);
  for (const sentence of sentences) boundarySet.add(sentence.start).add(sentence.end);
  const boundaries = [...boundarySet].filter((point) => point >= 0 && point <= text.length).sort((a, b) => a - b);

  const startingAt = new Map<number, Annotation[]>();
  for (const annotation of annotations) {
    const list = startingAt.get(annotation.start);
    if (list) list.push(annotation);
    else startingAt.set(annotation.start, [annotation]);
  }

  let active: Annotation[] = [];
  let sentenceCursor = 0;
  let sentenceNode: HTMLElement | null = null;
  let sentenceEnd = -1;
  const sentenceNodes = new Map<number, HTMLElement>();

  for (let b = 0; b < boundaries.length - 1; b += 1) {
    const start = boundaries[b]!;
    const end = boundaries[b + 1]!;
    if (end <= start) continue;
    active = active.filter((annotation) => annotation.end > start);
    const starting = startingAt.get(start);
    if (starting) active.push(...starting);

    if (sentenceNode && start >= sentenceEnd) sentenceNode = null;
    while (sentenceCursor < sentences.length && sentences[sentenceCursor]!.end <= start) sentenceCursor += 1;
    const sentence = sentences[sentenceCursor];
    if (!sentenceNode && sentence && sentence.start <= start && start < sentence.end) {
      sentenceNode = element('span', { class: 'sentence', id: `sentence-${sentence.index}`, 'data-sentence': sentence.index });
      sentenceNodes.set(sentence.index, sentenceNode);
      sentenceEnd = sentence.end;
      root.appendChild(sentenceNode);
    }
    const parent = sentenceNode ?? root;
    const piece = text.slice(start, end);

    if (active.length === 0) {
      const plain = document.createTextNode(piece);
      parent.appendChild(plain);
      segments.push({ start, end, node: null, plain });
      continue;
    }
    const ordered = [...active].sort((x, y) => PRIORITY[x.kind] - PRIORITY[y.kind]);
    const classes = new Set<string>(['seg']);
    for (const annotation of ordered) for (const name of classesOf(article, annotation)) if (name) classes.add(name);
    const top = ordered[0]!;
    const node = element('span', { class: [...classes].join(' '), title: hoverTitle(article, top) }, piece);
    if (top.kind === 'trigger' && start === top.start) {
      const event = article.events[top.index]!;
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'button');
      node.setAttribute('data-event', event.id);
      node.setAttribute('aria-label', `Event ${event.id}: ${event.type}, “${text.slice(event.trigger.start, event.trigger.end)}”`);
    }
    if (top.kind === 'entity') node.setAttribute('data-entity', article.entities[top.index]!.id);
    annotationsOf.set(node, ordered);
    parent.appendChild(node);
    segments.push({ start, end, node, plain: null });
    for (const annotation of ordered) {
      if (annotation.end !== end) continue;
      const tag = tagOf(article, annotation);
      if (tag) append(parent, element('span', { class: `tag tag-${annotation.kind}`, 'aria-hidden': 'true' }, tag));
    }
  }

  const choose = (target: EventTarget | null): void => {
    const node = target instanceof Element ? target.closest('.seg') : null;
    const list = node ? annotationsOf.get(node) : undefined;
    if (list && list[0]) onSelect(list[0]);
  };
  root.addEventListener('click', (event) => choose(event.target));
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    if (!(event.target instanceof Element) || !event.target.classList.contains('seg')) return;
    event.preventDefault();
    choose(event.target);
  });

  const marked = new Set<HTMLElement>();
  const mark = (span: Span | undefined, name: string): void => {
    if (!span) return;
    // Segments are in text order: binary search for the first one ending after the span's start.
    let low = 0;
    let high = segments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (segments[middle]!.end <= span.start) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < segments.length && segments[i]!.start < span.end; i += 1) {
      const segment = segments[i]!;
      if (!segment.node) {
        // Plain text inside an argument: wrap it so it can be marked.
        if (!segment.plain) continue;
        const wrapper = element('span', { class: 'seg' });
        segment.plain.replaceWith(wrapper);
        wrapper.appendChild(segment.plain);
        segment.plain = null;
        segment.node = wrapper;
      }
      segment.node.classList.add(name);
      marked.add(segment.node);
    }
  };

  const clearSelection = (): void => {
    for (const node of marked) node.classList.remove('arg-source', 'arg-target', 'arg-place', 'arg-time', 'selected', 'arg-evidence');
    marked.clear();
    for (const node of root.querySelectorAll('.sentence-highlight')) node.classList.remove('sentence-highlight');
  };

  const selectEvent = (localId: string): boolean => {
    const event: EventRecord | undefined = article.events.find((candidate) => candidate.id === localId);
    if (!event) return false;
    clearSelection();
    mark(event.evidence, 'arg-evidence');
    for (const actor of event.source) mark(actor.span, 'arg-source');
    for (const actor of event.target) mark(actor.span, 'arg-target');
    mark(event.place?.span, 'arg-place');
    const time = event.time ? article.times.find((candidate) => candidate.id === event.time!.time) : undefined;
    mark(time?.span, 'arg-time');
    mark(event.trigger, 'selected');
    return true;
  };

  const highlightSentence = (index: number): boolean => {
    const node = sentenceNodes.get(index);
    if (!node) return false;
    node.classList.add('sentence-highlight');
    node.scrollIntoView({ block: 'center' });
    return true;
  };

  return { element: root, selectEvent, highlightSentence, clearSelection };
}
