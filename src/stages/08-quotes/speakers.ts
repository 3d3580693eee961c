/**
 * Speaker resolution: from a speech cue to the canonical entity that speaks. The speaker phrase is
 * read off the parse (the subject of the speech verb, climbing from participles and conjuncts to
 * the verb that has one) or, for a cue after its quote, off the words beside the cue ("said the
 * senior market strategist for Invesco AIM, Fritz Meyer"; "read the statement"). The phrase is then
 * matched to the entity mentions the entities and coreference stages left on it, with these rules:
 * a document ("the statement") speaks for its issuer; a pronoun ("It", "he") is the last salient
 * speaker of its kind unless a newer candidate was named since; a group ("the pair") is all its
 * members; a description with no name ("a senior official") stays a nominal speaker. Guesses are
 * marked `uncertain`, never given full confidence.
 */
import type { EntityRef, Quote, Span } from '../../core/record.js';
import type { Cue } from './cues.js';
import type { QuoteKnowledge } from './speech-verbs.js';
import { isPunctuation, isQuoteMark, type PlacedMention, type TextIndex } from './text-index.js';

export interface Attribution {
  speaker?: EntityRef;
  speakers?: EntityRef[];
  speakerText?: string;
  speakerSpan?: Span;
  attribution: Quote['attribution'];
  confidence: number;
  rule: string;
  /** Entity type of the speaker, for pronoun agreement later. */
  type?: string;
}

/** Speakers resolved so far in the article, for pronouns and documents. */
export interface SpeakerHistory {
  /** Resolved speakers in text order with the sentence of their cue. */
  speakers: Array<{ attribution: Attribution; sentence: number; offset: number }>;
  /** The issuer of the last statement named ("said in a statement"). */
  statementIssuer?: Attribution;
}

const NP_START = new Set(['DET', 'PROPN', 'NOUN', 'PRON', 'ADJ', 'NUM']);
const SUBJECT_EXCLUDE = new Set(['acl:relcl', 'acl', 'parataxis', 'dep', 'advcl', 'punct']);
const CLIMB_RELATIONS = new Set(['conj', 'xcomp', 'advcl', 'acl', 'parataxis']);
const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her']);
const THING_PRONOUNS = new Set(['it']);
const GROUP_PRONOUNS = new Set(['they', 'we']);
const PRONOUN_LOOKBACK = 4;
/** Heads of descriptions that speak for the country they name ("Russia's foreign ministry", "Iranian officials"). */
const INSTITUTION_HEADS = new Set(['ministry', 'government', 'embassy', 'office', 'spokesman', 'spokeswoman', 'spokesperson', 'official', 'officials', 'army', 'military', 'police', 'authorities', 'presidency', 'cabinet', 'mission', 'delegation', 'diplomat', 'diplomats', 'envoy', 'negotiators']);

export function createSpeakerResolver(index: TextIndex, knowledge: QuoteKnowledge, history: SpeakerHistory) {
  const text = index.article.text;

  /** The speaker phrase of a cue: token range in the cue's sentence and, from the parse, its head token. */
  const phraseOf = (cue: Cue): { sentence: number; first: number; last: number; head: number; climbed: boolean; document?: boolean } | undefined => {
    const s = cue.sentence;
    const tokens = index.tokens(s);
    const tree = index.tree(s);
    const NPrun = (from: number): { first: number; last: number } | undefined => {
      let j = from;
      while (j < tokens.length && tokens[j]!.pos === 'ADV') j++;
      if (j >= tokens.length || !NP_START.has(tokens[j]!.pos) || index.lower(s, j) === 'that') return undefined;
      let last = j;
      while (last + 1 < tokens.length && !isPunctuation(tokens[last + 1]!) && tokens[last + 1]!.pos !== 'VERB' && tokens[last + 1]!.pos !== 'AUX' && index.lower(s, last + 1) !== 'that') last++;
      // "…, said the senior market strategist for Invesco AIM, Fritz Meyer." — a name in apposition.
      if (index.word(s, last + 1) === ',' && last + 2 < tokens.length) {
        let k = last + 2;
        while (k < tokens.length && tokens[k]!.pos === 'PROPN') k++;
        if (k > last + 2 && (k >= tokens.length || isPunctuation(tokens[k]!))) last = k - 1;
      }
      return { first: j, last };
    };
    if (cue.kind === 'phrase') {
      const run = NPrun(cue.last + 1);
      return run ? { sentence: s, ...run, head: -1, climbed: false } : undefined;
    }
    if (cue.position === 'after') {
      // Inverted: "…," said Angers / read the statement.
      const inverted = NPrun(cue.last + 1);
      const before = cue.first - 1;
      const previous = tokens[before];
      const adjacentToQuote = previous !== undefined && (isPunctuation(previous) || isQuoteMark(index.word(s, before)));
      if (inverted && adjacentToQuote) return { sentence: s, ...inverted, head: -1, climbed: false };
      // "…," he said / “…,” Schaffrath explained.
      let first = cue.first - 1;
      while (first >= 0 && !isPunctuation(tokens[first]!) && !isQuoteMark(index.word(s, first))) first--;
      first++;
      let last = cue.first - 1;
      while (last >= first && (tokens[last]!.pos === 'ADV' || tokens[last]!.pos === 'AUX')) last--;
      if (last >= first) return { sentence: s, first, last, head: -1, climbed: false };
      if (inverted) return { sentence: s, ...inverted, head: -1, climbed: false };
      return undefined;
    }
    // "quotes a “Senate aide” as saying": the object of "quote" speaks.
    if (index.lower(s, cue.first - 1) === 'as') {
      for (let k = cue.first - 2; k >= 0 && k >= cue.first - 10; k--) {
        if (/^quot(?:e|es|ed|ing)$/.test(index.lower(s, k))) {
          if (k + 1 <= cue.first - 2) return { sentence: s, first: k + 1, last: cue.first - 2, head: -1, climbed: false };
          break;
        }
      }
    }
    // "with UBS analyst David Strauss saying …": a name right before a participle is its subject.
    if (tree.childrenBy(cue.first, 'nsubj').length === 0 && cue.first > 0) {
      const previous = tokens[cue.first - 1]!;
      const named = index.mentions.find((m) => m.mention.span.end === previous.span.end && m.mention.kind !== 'pronoun');
      if (named) {
        let first = cue.first - 1;
        while (first > 0 && !isPunctuation(tokens[first - 1]!) && !isQuoteMark(index.word(s, first - 1)) && !/^(?:with|and|as|while|but)$/i.test(index.word(s, first - 1)) && tokens[first - 1]!.pos !== 'VERB') first--;
        return { sentence: s, first, last: cue.first - 1, head: -1, climbed: false };
      }
    }
    // Before its quote: the subject, from the parse.
    let verb = cue.first;
    let climbed = false;
    for (let hops = 0; hops < 4 && verb >= 0; hops++) {
      const subject = tree.childrenBy(verb, 'nsubj').find((c) => c < cue.first);
      if (subject !== undefined) {
        // "a professor … who said": the relative pronoun stands for the noun the clause hangs on.
        if (/^(?:who|which|that)$/.test(index.lower(s, subject)) && tree.relation(verb) === 'acl' && tree.head(verb) >= 0) {
          const noun = tree.head(verb);
          const { first, last } = tree.extent(noun, SUBJECT_EXCLUDE);
          return { sentence: s, first, last: Math.min(last, subject - 1), head: noun, climbed: true };
        }
        const { first, last } = tree.extent(subject, SUBJECT_EXCLUDE);
        return { sentence: s, first, last, head: subject, climbed };
      }
      const relation = tree.deprel(verb);
      const head = tree.head(verb);
      if (head < 0 || !CLIMB_RELATIONS.has(relation) && !CLIMB_RELATIONS.has(tree.relation(verb))) break;
      // "releasing a statement saying …": the statement speaks (for its issuer).
      if (tree.relation(verb) === 'acl' && knowledge.documentNouns.has(index.lower(s, head))) {
        const { first, last } = tree.extent(head, SUBJECT_EXCLUDE);
        if (index.mentionsWithin(index.spanOf(s, first, last)).length > 0) return { sentence: s, first, last, head, climbed: true, document: true };
      }
      verb = head;
      climbed = true;
    }
    // No subject in the parse: the words from the clause start to the cue.
    let first = cue.first - 1;
    while (first >= 0 && !isQuoteMark(index.word(s, first)) && !/^[;:]$/.test(index.word(s, first))) first--;
    first++;
    let last = cue.first - 1;
    while (last >= first && (tokens[last]!.pos === 'ADV' || tokens[last]!.pos === 'AUX' || tokens[last]!.pos === 'PUNCT')) last--;
    if (last < first) return undefined;
    // The nearest noun phrase before the verb: back to a comma; a clause in it ends the phrase before its verb.
    let near = last;
    while (near > first && !isPunctuation(tokens[near - 1]!)) near--;
    const verbInside = tokens.findIndex((t, k) => k >= near && k <= last && t.pos === 'VERB');
    if (verbInside > near) last = verbInside - 1;
    while (last > near && tokens[last]!.pos === 'AUX') last--;
    return { sentence: s, first: near, last, head: -1, climbed: true };
  };


  const lastSpeaker = (sentence: number, accept: (a: Attribution) => boolean): { attribution: Attribution; offset: number } | undefined => {
    for (let k = history.speakers.length - 1; k >= 0; k--) {
      const h = history.speakers[k]!;
      if (sentence - h.sentence > PRONOUN_LOOKBACK) return undefined;
      if ((h.attribution.speaker || h.attribution.speakers) && accept(h.attribution)) return h;
    }
    return undefined;
  };

  const inherit = (from: Attribution, span: Span, phrase: string, rule: string, confidence: number): Attribution => ({
    ...(from.speaker ? { speaker: { entity: from.speaker.entity, span } } : {}),
    ...(from.speakers ? { speakers: from.speakers.map((r) => ({ entity: r.entity, span })) } : {}),
    speakerText: phrase,
    speakerSpan: span,
    attribution: confidence >= 0.7 ? 'entity' : 'uncertain',
    confidence,
    rule,
    ...(from.type ? { type: from.type } : {}),
  });

  /**
   * The issuer of the last document named before `offset` (two sentences back at most): the subject
   * of the verb the document noun hangs on ("The embassy said in a statement", "X and Y issued a
   * joint statement").
   */
  const issuerOfDocument = (offset: number, sentence: number): PlacedMention[] | undefined => {
    for (let s = sentence; s >= 0 && s >= sentence - 2; s--) {
      const tokens = index.tokens(s);
      const tree = index.tree(s);
      for (let i = tokens.length - 1; i >= 0; i--) {
        if (tokens[i]!.span.end > offset || !knowledge.documentNouns.has(index.lower(s, i))) continue;
        for (let verb = tree.head(i), hops = 0; verb >= 0 && hops < 3; verb = tree.head(verb), hops++) {
          const subject = tree.childrenBy(verb, 'nsubj')[0];
          if (subject === undefined) continue;
          const { first, last } = tree.extent(subject, SUBJECT_EXCLUDE);
          const found = index.mentionsWithin(index.spanOf(s, first, last));
          const outer = found.filter((m) => !found.some((o) => o !== m && o.entity !== m.entity && o.mention.span.start <= m.mention.span.start && m.mention.span.end <= o.mention.span.end && o.mention.span.end - o.mention.span.start > m.mention.span.end - m.mention.span.start));
          if (outer.length > 0) return outer;
          break;
        }
        return undefined;
      }
    }
    return undefined;
  };

  /** Resolves the speaker of a cue. */
  const resolve = (cue: Cue): Attribution => {
    const phrase = phraseOf(cue);
    if (!phrase) return { attribution: 'unknown', confidence: 0.3, rule: 'quotes:no-speaker' };
    const s = phrase.sentence;
    const phraseTokens = index.tokens(s);
    while (phrase.first < phrase.last && /^(?:CCONJ|SCONJ|ADP|PUNCT|ADV)$/.test(phraseTokens[phrase.first]!.pos) && !isQuoteMark(index.word(s, phrase.first))) phrase.first++;
    let span = index.spanOf(s, phrase.first, phrase.last);
    // Leading determiners and punctuation stay in the text; only trim quote marks and commas.
    while (span.end > span.start && /[\s,]/.test(text[span.end - 1]!)) span = { start: span.start, end: span.end - 1 };
    const words = index.text(span);
    const headWord = phrase.head >= 0 ? index.lower(s, phrase.head) : words.toLowerCase().split(/\s+/).pop() ?? '';
    let candidates = index.mentionsWithin(span).filter((m) => !(m.entity.type === 'GPE' && m.mention.kind === 'name' && isLocative(index, m)));
    // A name inside a longer name of another entity ("Tel Aviv" in "the Russian embassy in Tel Aviv") is not the speaker.
    candidates = candidates.filter((m) => !candidates.some((o) => o !== m && o.entity !== m.entity && o.mention.span.start <= m.mention.span.start && m.mention.span.end <= o.mention.span.end && o.mention.span.end - o.mention.span.start > m.mention.span.end - m.mention.span.start));
    const base = cue.kind === 'phrase' ? 0.85 : phrase.head >= 0 ? 0.92 : cue.position === 'after' ? 0.9 : 0.75;
    const confidence = phrase.climbed ? base - 0.1 : base;
    const ruleBase = cue.kind === 'phrase' ? 'quotes:according-to' : cue.position === 'after' ? 'quotes:cue-after' : 'quotes:subject-of-cue';

    // Pronouns: the last salient speaker of the right kind, unless a newer candidate was named since.
    const pronoun = !(cue.lemma === 'read') && (candidates.length === 0 || candidates.every((m) => m.mention.kind === 'pronoun' && m.mention.span.start === span.start)) ? pronounOf(words) : undefined;
    if (pronoun) {
      const agrees = (a: Attribution): boolean =>
        pronoun === 'person' ? a.type === 'PERSON' : pronoun === 'thing' ? a.type !== 'PERSON' && !a.speakers : a.speakers !== undefined || a.type !== 'PERSON';
      const last = lastSpeaker(s, agrees);
      const coreferent = candidates[0];
      if (last && (!coreferent || last.attribution.speaker?.entity === coreferent.entity.id || !mentionedSince(coreferent, last.offset, span.start))) {
        const agree = coreferent !== undefined && last.attribution.speaker?.entity === coreferent.entity.id;
        return inherit(last.attribution, span, words, 'quotes:pronoun-last-speaker', agree ? 0.85 : 0.7);
      }
      if (candidates.length > 0) return fromMentions(candidates, span, words, 'quotes:pronoun-coreference', 0.7);
      // No entity to refer to: the name heading the subject of a sentence just before ("David Buik of BGC Partners commented …").
      if (pronoun === 'person') {
        for (let back = s - 1; back >= 0 && back >= s - 2; back--) {
          const tree = index.tree(back);
          const subject = tree.root >= 0 ? tree.childrenBy(tree.root, 'nsubj')[0] : undefined;
          if (subject === undefined || index.tokens(back)[subject]!.pos !== 'PROPN') continue;
          const { first, last } = tree.extent(subject, SUBJECT_EXCLUDE);
          const named = index.spanOf(back, first, last);
          return { speakerText: index.text(named), speakerSpan: named, attribution: 'uncertain', confidence: 0.5, rule: 'quotes:pronoun-previous-subject' };
        }
      }
      return { speakerText: words, speakerSpan: span, attribution: 'unknown', confidence: 0.3, rule: 'quotes:pronoun-unresolved' };
    }

    // A document speaks for its issuer: "read the statement", "the statement said", "“…,” it read".
    const isDocument = phrase.document === true || knowledge.documentNouns.has(headWord) || (cue.lemma === 'read' && pronounOf(words) === 'thing');
    if (isDocument && !candidates.some((m) => m.entity.type === 'PERSON')) {
      if (candidates.length === 0 && phrase.head >= 0) {
        // "A statement by Boeing given by …": the issuer may hang in the noun's clauses.
        const { first, last } = index.tree(s).extent(phrase.head);
        candidates = index.mentionsWithin(index.spanOf(s, first, last));
      }
      if (candidates.length > 0) return fromMentions([candidates[0]!], span, words, 'quotes:document-of', confidence - 0.05);
      const named = issuerOfDocument(span.start, s);
      if (named) return fromMentions(named, span, words, 'quotes:statement-issuer', 0.8, true);
      const issuer = history.statementIssuer ?? lastSpeaker(s, () => true)?.attribution;
      if (issuer) return inherit(issuer, span, words, 'quotes:statement-issuer', history.statementIssuer ? 0.75 : 0.6);
      return { speakerText: words, speakerSpan: span, attribution: 'nominal', confidence: 0.5, rule: 'quotes:document-unresolved' };
    }

    // "Washington representative Norm Dicks said", "USAF's chief of staff General Duncan McNab stated": a title
    // phrase followed at once by a person's name before the cue names that person (parses often split the two).
    if (cue.position === 'before' && span.end <= cue.span.start && !candidates.some((m) => m.entity.type === 'PERSON')) {
      const between = text.slice(span.end, cue.span.start);
      const named = index.mentionsWithin({ start: span.end, end: cue.span.start }).find((m) => (m.entity.type === 'PERSON' || m.entity.type === 'ORG') && /^[\s\p{L}.]*$/u.test(text.slice(span.end, m.mention.span.start)) && m.mention.span.start - span.end <= 24);
      if (named && /^[\s\p{L}.'-]*$/u.test(between)) return fromMentions([named], span, words, `${ruleBase}:title-name`, confidence - 0.05);
    }
    if (candidates.length === 0) {
      return { speakerText: words, speakerSpan: span, attribution: 'nominal', confidence: Math.min(confidence, 0.7), rule: `${ruleBase}:nominal` };
    }
    // The head of the subject when it is inside a mention; else a person named in the phrase; else the first actor.
    const head = phrase.head >= 0 ? index.tokens(s)[phrase.head]! : undefined;
    const onHead = head ? candidates.filter((m) => m.mention.span.start <= head.span.start && head.span.end <= m.mention.span.end) : [];
    const persons = candidates.filter((m) => m.entity.type === 'PERSON');
    let chosen: PlacedMention[];
    let rule = ruleBase;
    // A place cannot speak: "Alabama Governor Bob Riley said" is Riley even when the parse makes "Alabama" the head.
    const placeOnHead = onHead.length > 0 && onHead.every((m) => m.entity.type === 'GPE' || m.entity.type === 'LOC' || m.entity.type === 'NORP');
    if (onHead.length > 0 && !(placeOnHead && persons.length > 0)) chosen = onHead;
    else if (persons.length > 0) chosen = [persons[persons.length - 1]!];
    else if (candidates.some((m) => m.mention.span.end === span.end && !/\b(?:at|in|of|for|from|with|on|by)\b|,/i.test(text.slice(span.start, m.mention.span.start)))) {
      // English noun phrases end in their head: "GM", "the Federal Reserve".
      chosen = candidates.filter((m) => m.mention.span.end === span.end);
    } else {
      // "USAF officials", "Barclays Capital economists": the organisation the description names.
      // A name the entities stage did not find ("Alabama Governor Bob Riley") stays a description.
      const headIsName = head !== undefined ? head.pos === 'PROPN' : /^\p{Lu}/u.test(words.split(/\s+/).pop() ?? '');
      const organisation = candidates.find((m) => m.entity.type === 'ORG') ?? (INSTITUTION_HEADS.has(headWord) ? candidates.find((m) => m.entity.type === 'GPE' || m.entity.type === 'NORP') : undefined);
      if (headIsName || !organisation) return { speakerText: words, speakerSpan: span, attribution: 'nominal', confidence: Math.min(confidence, 0.7), rule: `${ruleBase}:nominal` };
      chosen = [organisation];
      rule = `${ruleBase}:affiliation`;
    }
    const attribution = fromMentions(chosen, span, words, rule, rule.endsWith('affiliation') ? confidence - 0.1 : confidence);
    // "USAF officials", "a senior EU diplomat": the speaker is a description; the entity is its affiliation.
    if (rule.endsWith('affiliation')) attribution.attribution = 'nominal';
    return attribution;
  };

  /** After a speaker is resolved: remember the issuer of a statement named right after the cue. */
  const remember = (cue: Cue, attribution: Attribution, offset: number): void => {
    if (!attribution.speaker && !attribution.speakers) return;
    history.speakers.push({ attribution, sentence: cue.sentence, offset });
    const tokens = index.tokens(cue.sentence);
    for (let j = cue.last + 1; j < tokens.length && j <= cue.last + 5; j++) {
      if (knowledge.documentNouns.has(index.lower(cue.sentence, j))) {
        history.statementIssuer = attribution;
        break;
      }
      if (isQuoteMark(index.word(cue.sentence, j))) break;
    }
  };

  return { resolve, remember, lastSpeaker };
}

function fromMentions(chosen: PlacedMention[], span: Span, words: string, rule: string, confidence: number, coordinated = false): Attribution {
  const entities = [...new Map(chosen.map((m) => [m.entity.id, m])).values()];
  // A group mention ("the pair") carries one mention per member, all on the same words.
  const group = entities.length > 1 && (coordinated || entities.every((m) => m.mention.span.start === entities[0]!.mention.span.start));
  const first = entities[0]!;
  const c = Math.max(0, Math.min(1, confidence));
  return {
    ...(group ? { speakers: entities.map((m) => ({ entity: m.entity.id, span: m.mention.span })) } : { speaker: { entity: first.entity.id, span: first.mention.span } }),
    speakerText: words,
    speakerSpan: span,
    attribution: c >= 0.65 ? 'entity' : 'uncertain',
    confidence: c,
    rule: group ? `${rule}:group` : rule,
    type: group ? 'GROUP' : first.entity.type,
  };
}

function pronounOf(words: string): 'person' | 'thing' | 'group' | undefined {
  const lower = words.toLowerCase().trim();
  if (PERSON_PRONOUNS.has(lower)) return 'person';
  if (THING_PRONOUNS.has(lower)) return 'thing';
  if (GROUP_PRONOUNS.has(lower)) return 'group';
  return undefined;
}

/** Is the entity named (not by pronoun) between `from` and `to`? */
function mentionedSince(candidate: PlacedMention, from: number, to: number): boolean {
  return candidate.entity.mentions.some((m) => m.kind !== 'pronoun' && m.span.start >= from && m.span.end <= to);
}

/** A place named after a preposition ("in Wyoming") is not a speaker. */
function isLocative(index: TextIndex, m: PlacedMention): boolean {
  const before = index.article.text.slice(Math.max(0, m.mention.span.start - 6), m.mention.span.start).toLowerCase();
  return /\b(?:in|at|from|to|of|near|for)\s+(?:the\s+)?$/.test(before);
}
