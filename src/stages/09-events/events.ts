/**
 * Events: codes PLOVER/CAMEO events from each parsed sentence (`coder.ts`), links each to its
 * time (a time expression in its clause; never the publication date by default) and place (an
 * oblique "in/at X", else the dateline for the lead's events), flags background (told as history:
 * a time well before publication, "since 2007"), and marks the article's main event with its
 * 5W1H answers. Needs `head`/`deprel` from the parse stage; unparsed sentences give no events.
 */
import type { ActorRef, Article, EventRecord, TimeExpression } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import { codeSentence, indexMentions, type CodedEvent } from './coder.js';
import type { EventKnowledge } from './knowledge.js';

const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'outside', 'inside', 'across', 'throughout', 'within']);
/** Days before publication from which a dated event is background rather than news. */
const BACKGROUND_DAYS = 180;

function tokenAt(article: Article, sentence: number, offset: number): number {
  return article.sentences[sentence]!.tokens.findIndex((t) => t.span.start <= offset && offset < t.span.end);
}

interface TimeLink {
  time: TimeExpression;
  rule: string;
}

/** "Palestinians stopped ... in 2017, after Trump recognized ...": an event in an "after/before/when" clause takes the main clause's time. */
const TEMPORAL_SUBORDINATORS = new Set(['after', 'before', 'when', 'as', 'while', 'since', 'until']);

function linkMainClauseTime(article: Article, event: CodedEvent, times: TimeExpression[]): TimeLink | undefined {
  const { tree } = event;
  const tokens = article.sentences[event.sentence]!.tokens;
  // The clause's first word, wherever the parse hung it ("after" as the case of the clause's subject,
  // the clause as a conjunct of the main verb).
  const opensWithSubordinator = (clause: number): boolean => TEMPORAL_SUBORDINATORS.has(tokens[tree.extent(clause).first]!.lemma.toLowerCase());
  let node = event.trigger;
  while (node >= 0 && tree.relation(node) !== 'advcl') {
    const relation = tree.relation(node);
    if (relation === 'conj' && node > tree.head(node) && opensWithSubordinator(node)) break;
    if (relation !== 'conj' && relation !== 'xcomp') return undefined;
    node = tree.head(node);
  }
  if (node < 0 || tree.head(node) < 0) return undefined;
  const markers = tree.childrenBy(node, 'mark').map((m) => tokens[m]!.lemma.toLowerCase());
  if (!markers.some((m) => TEMPORAL_SUBORDINATORS.has(m)) && !opensWithSubordinator(node)) return undefined;
  const main = linkTime(article, { ...event, trigger: tree.head(node), argumentTokens: [] }, times);
  return main ? { time: main.time, rule: 'events:time-from-main-clause' } : undefined;
}

function linkTime(article: Article, event: CodedEvent, times: TimeExpression[]): TimeLink | undefined {
  const sentence = article.sentences[event.sentence]!;
  // "based on the 1967 borders": an attributive year names a thing, not when the event happened;
  // "in the 1967 war" still dates it.
  const datesEvent = (t: TimeExpression): boolean =>
    t.rule !== 'times:year-attributive' || /\b(?:in|during|since|after|before|until|following)\s+the\s*$/i.test(article.text.slice(Math.max(0, t.span.start - 20), t.span.start));
  const inSentence = times.filter((t) => t.span.start >= sentence.span.start && t.span.end <= sentence.span.end && datesEvent(t));
  let best: { time: TimeExpression; distance: number } | undefined;
  const anchors = [event.trigger, ...event.argumentTokens.filter((t) => event.tree.relation(event.trigger) === 'obj' && t === event.tree.head(event.trigger))];
  // The controlling verb's time holds for its complement ("stopped recognizing ... in 2017"), and a
  // coordinated verb's for the verbs joined to it ("met on Monday and discussed ...").
  for (let node = event.trigger, steps = 0; steps < 4 && (event.tree.relation(node) === 'xcomp' || event.tree.relation(node) === 'conj') && event.tree.head(node) >= 0; steps++) {
    node = event.tree.head(node);
    anchors.push(node);
  }
  for (const time of inSentence) {
    const token = tokenAt(article, event.sentence, time.span.start);
    if (token < 0) continue;
    for (const anchor of anchors) {
      if (!event.tree.dominates(anchor, token)) continue;
      // Skip times inside another clause below the trigger (a reported earlier event).
      let node = token;
      let crossesClause = false;
      const inherited = anchor !== event.trigger;
      while (node !== anchor && node >= 0) {
        const relation = event.tree.relation(node);
        if ((relation === 'ccomp' || relation === 'advcl' || relation === 'acl') && node !== token) crossesClause = true;
        // A time taken from the controlling or coordinated verb must be its own, not another clause's.
        if (inherited && (relation === 'conj' || relation === 'xcomp' || relation === 'parataxis')) crossesClause = true;
        node = event.tree.head(node);
      }
      if (crossesClause) continue;
      const distance = Math.abs(token - event.trigger) + (inherited ? 1000 : 0);
      if (!best || distance < best.distance) best = { time, distance };
    }
  }
  return best ? { time: best.time, rule: 'events:time-in-clause' } : undefined;
}

/**
 * The sentence's only time expression, for the event that is the sentence's predicate (the root, or
 * the verb of a sentence whose root the parse made a noun: "The delegation travelled to Moscow on
 * Monday" with "Monday" hung below a misparsed clause). Durations and sets do not date an event.
 */
function linkSentenceTime(article: Article, event: CodedEvent, times: TimeExpression[]): TimeLink | undefined {
  const sentence = article.sentences[event.sentence]!;
  // "based on the 1967 borders": an attributive year names a thing, not when the event happened;
  // "in the 1967 war" still dates it.
  const datesEvent = (t: TimeExpression): boolean =>
    t.rule !== 'times:year-attributive' || /\b(?:in|during|since|after|before|until|following)\s+the\s*$/i.test(article.text.slice(Math.max(0, t.span.start - 20), t.span.start));
  const inSentence = times.filter((t) => t.span.start >= sentence.span.start && t.span.end <= sentence.span.end && datesEvent(t));
  if (inSentence.length !== 1 || inSentence[0]!.type !== 'DATE') return undefined;
  const { tree } = event;
  const head = tree.head(event.trigger);
  const predicate = head < 0 || (tree.head(head) < 0 && sentence.tokens[head]!.pos !== 'VERB' && tree.relation(event.trigger) === 'acl');
  return predicate ? { time: inSentence[0]!, rule: 'events:time-in-sentence' } : undefined;
}

function startOf(time: TimeExpression): string | undefined {
  const value = time.interval?.start ?? time.value;
  return /^\d{4}/.test(value) ? value : undefined;
}

function isBackground(time: TimeExpression | undefined, reference: string | null): boolean {
  if (!time || !reference) return false;
  const start = startOf(time);
  if (!start) return false;
  const year = Number(start.slice(0, 4));
  const month = /^\d{4}-\d{2}/.test(start) ? Number(start.slice(5, 7)) : 1;
  const day = /^\d{4}-\d{2}-\d{2}/.test(start) ? Number(start.slice(8, 10)) : 1;
  const at = Date.UTC(year, month - 1, day);
  const ref = Date.parse(reference.slice(0, 10));
  if (Number.isNaN(ref)) return false;
  return (ref - at) / 86_400_000 > BACKGROUND_DAYS;
}

/** Without a publication date, the latest date the article mentions stands for "now" (for the background flag only). */
function referenceDate(article: Article): string | null {
  if (article.published) return article.published;
  const starts = article.times.map(startOf).filter((s): s is string => s !== undefined).sort();
  return starts.length > 0 ? starts[starts.length - 1]!.slice(0, 4) + '-12-31' : null;
}

function linkPlace(article: Article, event: CodedEvent, mentions: ReturnType<typeof indexMentions>[number]): EventRecord['place'] {
  const { tree } = event;
  const sentence = article.sentences[event.sentence]!;
  const nodes = [event.trigger, ...(tree.relation(event.trigger) === 'obj' || tree.relation(event.trigger) === 'obl' ? [tree.head(event.trigger)] : [])];
  for (const node of nodes) {
    if (node < 0) continue;
    for (const child of tree.children(node)) {
      if (tree.relation(child) !== 'obl' && tree.relation(child) !== 'nmod') continue;
      const preposition = tree.childrenBy(child, 'case').map((c) => sentence.tokens[c]!.lemma.toLowerCase()).find((l) => PLACE_PREPOSITIONS.has(l));
      if (!preposition) continue;
      const span = sentence.tokens[child]!.span;
      const mention = mentions.find((m) => m.start <= span.start && span.end <= m.end && (m.entity.type === 'GPE' || m.entity.type === 'LOC'));
      if (mention) return { entity: mention.entity.id, span: { start: mention.start, end: mention.end }, rule: 'events:place-oblique' };
    }
  }
  return undefined;
}

function spanOf(article: Article, event: CodedEvent, tokens: number[]): { start: number; end: number } {
  const sentence = article.sentences[event.sentence]!;
  const spans = tokens.map((t) => sentence.tokens[t]!.span);
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

export function codeEvents(article: Article, knowledge: EventKnowledge): EventRecord[] {
  const mentions = indexMentions(article);
  const events: EventRecord[] = [];
  const reference = referenceDate(article);
  // Each sentence's own time expressions (the linkers look only inside the event's sentence).
  const timesBySentence: TimeExpression[][] = article.sentences.map(() => []);
  for (const time of article.times) {
    const index = article.sentences.findIndex((s) => s.span.start <= time.span.start && time.span.end <= s.span.end);
    if (index >= 0) timesBySentence[index]!.push(time);
  }
  article.sentences.forEach((_, index) => {
    const coded = codeSentence(article, index, mentions[index] ?? [], knowledge, mentions);
    const times = timesBySentence[index]!;
    for (const event of coded) {
      const cameo = knowledge.cameo.get(event.entry.cameo);
      const timeLink = linkTime(article, event, times) ?? linkMainClauseTime(article, event, times) ?? linkSentenceTime(article, event, times);
      const time = timeLink?.time;
      const background = isBackground(time, reference);
      let place = linkPlace(article, event, mentions[index] ?? []);
      const paragraph = article.sentences[index]!.paragraph;
      if (!place && article.dateline?.place.entity && paragraph === 0 && !background && (event.modality === 'asserted' || event.modality === 'reported')) {
        place = { entity: article.dateline.place.entity, span: article.dateline.place.span, rule: 'events:place-dateline' };
      }
      const trigger = spanOf(article, event, [event.trigger, ...event.triggerTokens]);
      const actorSpans = [...event.source, ...event.target].map((a) => a.span);
      const evidence = {
        start: Math.min(trigger.start, ...actorSpans.map((s) => s.start)),
        end: Math.max(trigger.end, ...actorSpans.map((s) => s.end)),
      };
      const confidence = Math.min(
        0.95,
        0.4 + (event.source.length > 0 ? 0.25 : 0) + (event.target.length > 0 ? 0.2 : 0) + (event.rule.split(':').length > 3 ? 0.1 : 0),
      );
      events.push({
        id: `e${events.length + 1}`,
        type: event.entry.type,
        ...(event.entry.mode ? { mode: event.entry.mode } : cameo?.plover.mode ? { mode: cameo.plover.mode } : {}),
        cameo: event.entry.cameo,
        quadClass: cameo?.quadClass ?? 0,
        goldstein: cameo?.goldstein ?? 0,
        source: event.source,
        target: event.target,
        ...(place ? { place } : {}),
        ...(timeLink ? { time: { time: timeLink.time.id, value: timeLink.time.value, rule: timeLink.rule } } : {}),
        negated: event.negated,
        modality: event.modality,
        background,
        ...(event.attributedTo ? { attributedTo: event.attributedTo } : {}),
        reciprocal: event.reciprocal,
        main: false,
        sentence: index,
        trigger,
        evidence,
        rule: event.rule,
        confidence: Math.round(confidence * 100) / 100,
      });
    }
  });
  fillFromCoreferentEvents(events);
  return events;
}

/**
 * Reports of one event in one article ("has met with Bogdanov in Moscow" ... "during their meeting on
 * Tuesday"): an event without a time or place takes it from a later or earlier event of the same type
 * that shares an actor, and says so in the rule.
 */
function fillFromCoreferentEvents(events: EventRecord[]): void {
  // Donors by kind and actor, in article order: the first two of each (two, so an event never takes
  // from itself), so a long article is not compared pair by pair.
  const kindOf = (e: EventRecord, actor: string): string => `${e.type}|${e.mode ?? ''}|${e.background}|${actor}`;
  const actorsOf = events.map((e) => [...new Set([...e.source, ...e.target].map((a) => a.entity).filter((x): x is string => x !== undefined))]);
  const timeDonors = new Map<string, number[]>();
  const placeDonors = new Map<string, number[]>();
  const add = (donors: Map<string, number[]>, key: string, index: number): void => {
    const list = donors.get(key);
    if (!list) donors.set(key, [index]);
    else if (list.length < 2) list.push(index);
  };
  events.forEach((e, i) => {
    for (const actor of actorsOf[i]!) {
      if (e.time) add(timeDonors, kindOf(e, actor), i);
      if (e.place?.rule === 'events:place-oblique') add(placeDonors, kindOf(e, actor), i);
    }
  });
  const firstDonor = (donors: Map<string, number[]>, index: number): EventRecord | undefined => {
    let first = Number.POSITIVE_INFINITY;
    for (const actor of actorsOf[index]!) {
      const donor = (donors.get(kindOf(events[index]!, actor)) ?? []).find((d) => d !== index);
      if (donor !== undefined && donor < first) first = donor;
    }
    return events[first];
  };
  for (const [index, event] of events.entries()) {
    const timeDonor = event.time ? undefined : firstDonor(timeDonors, index);
    const placeDonor = event.place ? undefined : firstDonor(placeDonors, index);
    if (timeDonor?.time) event.time = { ...timeDonor.time, rule: 'events:time-from-coreferent-event' };
    if (placeDonor?.place) event.place = { ...placeDonor.place, rule: 'events:place-from-coreferent-event' };
  }
}

/** The main event: in the lead, asserted or reported, not background, not a statement, with actors. */
export function chooseMainEvent(article: Article): EventRecord | undefined {
  const candidates = article.events.filter((e) => e.type !== 'STATEMENT' && !e.background && !e.negated && e.modality !== 'hypothetical');
  const score = (e: EventRecord): number =>
    (e.source.length > 0 ? 2 : 0) + (e.target.length > 0 ? 1 : 0) + (article.sentences[e.sentence]!.paragraph === 0 ? 3 : 0) + (e.modality === 'asserted' ? 1 : 0) - e.sentence * 0.2;
  return [...candidates].sort((a, b) => score(b) - score(a))[0];
}

function describeMain(article: Article, event: EventRecord): NonNullable<Article['mainEvent']> {
  const names = (actors: ActorRef[]): string =>
    actors.map((a) => (a.entity ? (article.entities.find((e) => e.id === a.entity)?.name ?? a.text) : a.text)).join(' and ');
  const time = event.time ? article.times.find((t) => t.id === event.time!.time) : undefined;
  const place = event.place ? article.entities.find((e) => e.id === event.place!.entity) : undefined;
  const trigger = article.text.slice(event.trigger.start, event.trigger.end);
  return {
    event: event.id,
    who: names(event.source) || '(unknown)',
    what: `${trigger} (${event.type}${event.mode ? `/${event.mode}` : ''}, CAMEO ${event.cameo})`,
    ...(event.target.length > 0 ? { whom: names(event.target) } : {}),
    ...(time ? { when: `${time.text} (${time.value})` } : {}),
    ...(place ? { where: place.name } : {}),
    ...(event.mode ? { how: event.mode } : {}),
  };
}

export const eventsStage: Stage = {
  name: 'events',
  run(article: Article, context: StageContext): void {
    const knowledge = context.resources.events;
    if (article.sentences.some((s) => s.tokens.length > 0 && s.tokens[0]!.head === null)) {
      context.diagnostics.warn('EVENTS_UNPARSED', 'some sentences have no parse: no events are coded from them');
    }
    article.events = codeEvents(article, knowledge);
    const main = chooseMainEvent(article);
    if (main) {
      main.main = true;
      article.mainEvent = describeMain(article, main);
    }
  },
};
