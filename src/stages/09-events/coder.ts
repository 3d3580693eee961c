/**
 * The event coder: finds triggers from the dictionary in each parsed sentence and reads their
 * arguments off the dependency tree (UD relations), the way UniversalPetrarch codes from UD parses:
 * subject → source, object / oblique → target, passives, control and coordination, relative
 * clauses, nominal triggers ("the siege of Gaza by Israel"). Flags: negation, modality
 * (hypothetical / future / reported), attribution. Places and times are linked by `events.ts`.
 *
 * Actors: a named head is its entity; a common-noun head ("Israeli soldiers", "Hungarian and
 * Romanian officials", "security forces in Guinea", "scores of Liberian refugees") takes its
 * country from its modifiers and its sector from its nouns (data/lexicon/actor-nouns.json); a person
 * known only by name takes the demonym and title around it. Parses go wrong: a verb left without a
 * subject reads the nearest noun phrase before it, time words and the dateline are never subjects,
 * a finite verb read as a reduced relative and a "passive" subject with an object act.
 * Intentions are coded by what is intended (`intentionOf`), obligations in reported speech are the
 * speaker's requests (`obligationsOf`), and an act that falls on a place's people has that place's
 * country as its target when nothing else is named (`placeAsTarget`).
 */
import type { ActorRef, Article, Entity, Sentence } from '../../core/record.js';
import { buildTree, type Tree } from '../../core/tree.js';
import type { DictionaryEntry } from './dictionary-schema.js';
import type { EventKnowledge } from './knowledge.js';

export interface CodedEvent {
  entry: DictionaryEntry;
  sentence: number;
  trigger: number;
  /** Extra trigger tokens (particle, light verb) for the trigger span. */
  triggerTokens: number[];
  source: ActorRef[];
  target: ActorRef[];
  /** Token indices the actors came from, for the evidence span. */
  argumentTokens: number[];
  negated: boolean;
  modality: 'asserted' | 'hypothetical' | 'future' | 'reported';
  attributedTo?: ActorRef;
  reciprocal: boolean;
  rule: string;
  tree: Tree;
}

const SPEECH_VERBS = new Set(['say', 'tell', 'report', 'note', 'announce', 'state', 'claim', 'add', 'insist', 'confirm', 'deny', 'reply', 'write', 'tweet', 'argue', 'explain', 'believe', 'think', 'allege', 'suggest', 'warn', 'stress', 'underline', 'emphasise', 'emphasize', 'read', 'quote', 'according']);
const HYPOTHETICAL_AUX = new Set(['would', 'could', 'might', 'may', 'should']);
const FUTURE_AUX = new Set(['will', 'shall', "'ll", 'wo']);
const FUTURE_CONTROLLERS = new Set(['plan', 'intend', 'prepare', 'expect', 'aim', 'set', 'schedule', 'go', 'hope', 'seek', 'want', 'try', 'propose', 'vow', 'pledge', 'promise']);
/** Auxiliaries that state an intention ("will meet", "would boycott"); "may/could/might" only speculate. */
const INTENT_AUX = new Set(['will', 'would', 'shall', "'ll", 'wo', "'d"]);
/** Verbs that announce the actor's own plan ("plans to visit", "vowed to retaliate"); not attempts or hopes ("tried to", "hopes to"). */
const INTENT_CONTROLLERS = new Set(['plan', 'intend', 'prepare', 'aim', 'set', 'schedule', 'go', 'want', 'propose', 'vow', 'pledge', 'promise', 'decide', 'resolve']);
/** "is willing/ready/prepared/determined to ...". */
const INTENT_ADJECTIVES = new Set(['willing', 'ready', 'prepared', 'determined', 'eager', 'committed', 'poised', 'keen']);
const NEGATIONS = new Set(['not', "n't", 'never', 'no']);
const CESSATION_VERBS = new Set(['stop', 'cease', 'quit', 'halt', 'suspend', 'end', 'abandon', 'discontinue']);
const RELATIVE_PRONOUNS = new Set(['who', 'which', 'that', 'whom']);
/** Object-control verbs: the object of "urge X to do" is the subject of "do". */
const OBJECT_CONTROL = new Set(['urge', 'ask', 'order', 'tell', 'call', 'force', 'invite', 'persuade', 'allow', 'encourage', 'press', 'request', 'instruct', 'warn', 'help']);
/** Clauses that do not belong to a noun phrase's own words. */
const CLAUSAL = new Set(['acl', 'acl:relcl', 'advcl', 'ccomp', 'xcomp', 'parataxis', 'conj', 'cc', 'punct', 'appos', 'dep', 'list', 'discourse']);
const DEFAULT_TARGET_PREPOSITIONS = new Set(['against', 'on', 'upon', 'to', 'toward', 'towards', 'with', 'at', 'into']);

export interface MentionAt {
  entity: Entity;
  start: number;
  end: number;
  text: string;
}

/** Entity mentions by sentence, for resolving argument tokens. */
export function indexMentions(article: Article): MentionAt[][] {
  const bySentence: MentionAt[][] = article.sentences.map(() => []);
  const starts = article.sentences.map((s) => s.span.start);
  const dateline = article.dateline?.span;
  for (const entity of article.entities) {
    for (const mention of entity.mentions) {
      // The dateline names where the story was filed, not an actor of its first sentence.
      if (dateline && mention.span.start < dateline.end && dateline.start < mention.span.end) continue;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= mention.span.start) lo = mid;
        else hi = mid - 1;
      }
      bySentence[lo]?.push({ entity, start: mention.span.start, end: mention.span.end, text: mention.text });
    }
  }
  for (const list of bySentence) list.sort((a, b) => a.start - b.start || b.end - a.end);
  return bySentence;
}

interface SentenceContext {
  article: Article;
  sentence: Sentence;
  index: number;
  tree: Tree;
  mentions: MentionAt[];
  knowledge: EventKnowledge;
  /** Every sentence's mentions, for looking back at earlier sentences. */
  mentionsBySentence?: readonly MentionAt[][];
  lemma(i: number): string;
  word(i: number): string;
}

/** Country of an entity: its own, its code's, or (for a city) the country it lies in. */
function countryOf(entity: Entity): string | undefined {
  if (entity.country) return entity.country;
  if (entity.geo?.country) return entity.geo.country;
  if ((entity.type === 'GPE' || entity.type === 'NORP') && entity.code && /^[A-Z]{3}/.test(entity.code)) return entity.code.slice(0, 3);
  return undefined;
}

/** An organisation coded as an international, non-governmental or militant body (IGOUNO, NGOAMN, IMGAQA). */
function isStatelessBody(entity: Entity): boolean {
  return entity.type === 'ORG' && /^(IGO|NGO|IMG)/.test(entity.code ?? '');
}

function sectorCode(entity: Entity, sector: string | undefined): string | undefined {
  const country = countryOf(entity);
  if (sector && country && (entity.type === 'NORP' || entity.type === 'GPE')) return country + sector;
  // A person known only by name and a title ("Palestinian leader Yasser Arafat"): country from the phrase, sector from the title.
  if (sector && country && entity.type === 'PERSON' && !entity.sector && (!entity.code || entity.code.length <= 3)) return country + sector;
  return entity.code ?? country;
}

/** Quantity and part heads whose "of" phrase names the actors ("scores of refugees", "a group of diplomats"). */
const PARTITIVES = new Set(['score', 'scores', 'thousand', 'thousands', 'hundred', 'hundreds', 'dozen', 'dozens', 'million', 'millions', 'group', 'groups', 'member', 'members', 'number', 'some', 'many', 'most', 'all', 'part', 'majority', 'one', 'two', 'three', 'several', 'each', 'both', 'none', 'delegation', 'mission', 'team', 'unit', 'band', 'contingent', 'handful', 'third', 'half', 'rest']);
/** Measure nouns whose "of" phrase is the thing measured ("tons of aid"). */
const MEASURES = new Set(['kg', 'kilogram', 'kilo', 'ton', 'tons', 'tonne', 'tonnes', 'pound', 'lb', 'litre', 'liter', 'gallon', 'barrel', 'worth', 'amount', 'quantity', 'shipment', 'consignment', 'load', 'truckload', 'batch', 'lot', 'supply', 'package', 'crate', 'box', 'bag', 'sack']);
/** Nouns naming when, not who ("Wednesday's ...", "today" misparsed as a subject). */
const TIME_NOUNS = new Set(['today', 'yesterday', 'tomorrow', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'week', 'weekend', 'month', 'year', 'morning', 'evening', 'night', 'afternoon', 'day', 'now', 'time']);
/** Modifier relations through which a phrase's country and organisation are named ("Israeli soldiers", "Iran's army", "the army of Iran"). */
const MODIFIERS = new Set(['amod', 'compound', 'nmod:poss', 'nmod', 'flat', 'obl:unmarked', 'nmod:unmarked']);
const NATIONALITY_PREPOSITIONS = new Set(['of', 'in', 'from']);

function isTimeWord(ctx: SentenceContext, i: number): boolean {
  const token = ctx.sentence.tokens[i]!;
  // The dateline ("MOSCOW:") read as a subject names where the story was filed, not who acted.
  const dateline = ctx.article.dateline?.span;
  if (dateline && token.span.start < dateline.end && dateline.start < token.span.end) return true;
  if (TIME_NOUNS.has(ctx.lemma(i)) || TIME_NOUNS.has(ctx.word(i).toLowerCase())) return true;
  return ctx.article.times.some((t) => t.span.start <= token.span.start && token.span.end <= t.span.end);
}

function mentionOf(ctx: SentenceContext, i: number): MentionAt | undefined {
  const span = ctx.sentence.tokens[i]!.span;
  let best: MentionAt | undefined;
  for (const m of ctx.mentions) {
    if (m.start <= span.start && span.end <= m.end && (!best || m.end - m.start > best.end - best.start)) best = m;
  }
  return best;
}

const refOf = (ctx: SentenceContext, mention: MentionAt, code: string | undefined, span?: { start: number; end: number }): ActorRef => {
  const s = span ?? { start: mention.start, end: mention.end };
  return { entity: mention.entity.id, text: ctx.article.text.slice(s.start, s.end), span: s, ...(code ? { code } : {}) };
};

/** The actors named by the phrase headed at token `head` (its own words, not its clauses). */
function actorAt(ctx: SentenceContext, head: number, depth = 0): ActorRef[] {
  const { sentence, tree } = ctx;
  const token = sentence.tokens[head]!;
  // Pronouns and group nouns ("It", "they", "the pair") carry coreference mentions of what they refer to.
  const referring = ctx.mentions.filter((m) => m.start <= token.span.start && token.span.end <= m.end && m.entity.type !== 'NORP');
  if (referring.length > 1 || (referring.length === 1 && token.pos === 'PRON')) {
    return referring.map((m) => refOf(ctx, m, m.entity.code ?? countryOf(m.entity)));
  }
  if (token.pos === 'PRON' && depth === 0) return antecedentInSentence(ctx, head);
  // "scores of Sierra Leonean and Liberian refugees", "a group of Moroccan diplomats": the "of" phrase acts.
  if (PARTITIVES.has(ctx.lemma(head)) || token.pos === 'NUM') {
    const of = tree.childrenBy(head, 'nmod', 'obl').find((c) => c > head && hasCase(ctx, c, ['of']));
    if (of !== undefined && depth < 3) {
      const found = actorsOfPhrase(ctx, of, depth + 1);
      if (found.length > 0) return found;
    }
  }
  return actorPhrase(ctx, head);
}

/** A phrase and the phrases coordinated with it, as actors. */
function actorsOfPhrase(ctx: SentenceContext, head: number, depth: number): ActorRef[] {
  const out: ActorRef[] = [];
  for (const h of [head, ...ctx.tree.childrenBy(head, 'conj').filter((c) => ctx.sentence.tokens[c]!.pos !== 'VERB')]) {
    for (const a of actorAt(ctx, h, depth)) if (!out.some((o) => o.code === a.code && o.entity === a.entity)) out.push(a);
  }
  return out;
}

/**
 * A pronoun that coreference left unresolved ("The Fijian rebels said they will release ..."):
 * the subject of a verb above it whose subject comes before it in the sentence.
 */
function antecedentInSentence(ctx: SentenceContext, pronoun: number): ActorRef[] {
  const { tree } = ctx;
  const lemma = ctx.word(pronoun).toLowerCase();
  if (!['they', 'them', 'their', 'it', 'its', 'he', 'she', 'his', 'her', 'him', 'we', 'our'].includes(lemma)) return [];
  for (let node = tree.head(pronoun), steps = 0; node >= 0 && steps < 8; node = tree.head(node), steps++) {
    for (const s of tree.childrenBy(node, 'nsubj', 'nsubj:pass')) {
      if (s >= pronoun || ctx.sentence.tokens[s]!.pos === 'PRON') continue;
      const found = actorAt(ctx, s, 1);
      if (found.length > 0) return found;
    }
  }
  return [];
}

function actorPhrase(ctx: SentenceContext, head: number): ActorRef[] {
  const { sentence, tree } = ctx;
  const token = sentence.tokens[head]!;
  const { first, last } = tree.extent(head, CLAUSAL);
  const start = sentence.tokens[first]!.span.start;
  const end = sentence.tokens[last]!.span.end;
  const phrase = { start, end };
  const covering = mentionOf(ctx, head);
  // The sector the phrase's nouns give: a compound noun modifier is more specific than the head
  // ("rebel leaders" → REB, "police officers" → COP, "army bulldozers" → MIL).
  let sector: string | undefined;
  for (const c of tree.childrenBy(head, 'compound', 'amod')) {
    const pos = sentence.tokens[c]!.pos;
    const named = mentionOf(ctx, c);
    if (c < head && (pos === 'NOUN' || pos === 'PROPN') && (!named || (!named.entity.code && !countryOf(named.entity)))) sector = ctx.knowledge.actorNouns.get(ctx.lemma(c)) ?? ctx.knowledge.actorNouns.get(ctx.word(c).toLowerCase()) ?? sector;
  }
  sector ??= ctx.knowledge.actorNouns.get(ctx.lemma(head)) ?? ctx.knowledge.actorNouns.get(ctx.word(head).toLowerCase());
  // A common noun taken for a name ("Demonstrators", "Doctors" opening a sentence) names no one we can code.
  const junk = covering !== undefined && !covering.entity.code && !countryOf(covering.entity) && covering.entity.type !== 'PERSON' && (token.pos === 'NOUN' || sector !== undefined);
  if (covering && covering.entity.type !== 'NORP' && !junk) {
    const entity = covering.entity;
    if (entity.type === 'PERSON' && !countryOf(entity)) {
      // "Palestinian leader Yasser Arafat": the demonym and the title around the name.
      // "U.N. mediator Diego Cordovez": an international body stands where a country would.
      const around = modifierMentions(ctx, head).filter((m) => m.entity !== entity && (countryOf(m.entity) || isStatelessBody(m.entity)));
      // "Taiwan's Vice Foreign Minister" with the possessive hung elsewhere by the parse: the owner just before the name.
      if (around.length === 0) {
        const owner = possessorBefore(ctx, covering.start);
        if (owner) around.push(owner);
      }
      const title = titleSector(ctx, head, first) ?? entity.sector;
      if (around.length > 0) return around.map((m) => refOf(ctx, covering, countryOf(m.entity) ? countryOf(m.entity)! + (title ?? '') : m.entity.code, { start: covering.start, end: covering.end }));
    }
    // "The German government", "Turkish authorities" read as the country itself: the head noun gives the sector.
    if (entity.type === 'GPE' && token.pos === 'NOUN' && sector && countryOf(entity) && !entity.code?.slice(3)) return [refOf(ctx, covering, countryOf(entity)! + sector)];
    // "Israeli troops" taken as an organisation without a sector: the head noun gives it.
    const code = entity.type === 'ORG' && !entity.sector && sector && countryOf(entity) && !entity.code?.slice(3) ? countryOf(entity)! + sector : sectorCode(entity, undefined);
    return [refOf(ctx, covering, code)];
  }
  if (covering && !junk && covering.entity.type === 'NORP' && (token.pos === 'PROPN' || token.pos === 'NOUN') && !sector) {
    // "Palestinians", "the Kurds": the people named by the demonym.
    return [refOf(ctx, covering, sectorCode(covering.entity, undefined))];
  }
  // A title named by an apposition ("Russia's Deputy Foreign Minister, Mikhail Bogdanov"): the person.
  if (!covering && token.pos !== 'PRON') {
    for (const a of tree.childrenBy(head, 'appos', 'flat')) {
      const m = mentionOf(ctx, a);
      if (m && (m.entity.type === 'PERSON' || m.entity.type === 'ORG') && countryOf(m.entity)) return [refOf(ctx, m, sectorCode(m.entity, undefined))];
    }
  }
  // A common-noun head: its country (and organisation) from its modifiers, its sector from its nouns.
  const modifiers = modifierMentions(ctx, head);
  if (modifiers.length > 0) {
    return modifiers.map((m) => {
      const code = m.entity.type === 'ORG' || m.entity.type === 'PERSON' ? (m.entity.code ?? countryOf(m.entity)) : sectorCode(m.entity, sector);
      return refOf(ctx, m, code, phrase);
    });
  }
  const inside = ctx.mentions.filter((m) => m.start >= start && m.end <= end && (m.entity.code || countryOf(m.entity)));
  const mention = inside.find((m) => m.entity.type !== 'NORP') ?? inside[0];
  if (!mention) {
    if (!sector || !(token.pos === 'NOUN' || token.pos === 'PROPN')) return [];
    const owner = possessorBefore(ctx, start) ?? leaderBefore(ctx, first);
    if (owner) return [refOf(ctx, owner, countryOf(owner.entity)! + sector, phrase)];
    return [{ text: ctx.article.text.slice(start, end), span: phrase, code: sector }];
  }
  return [refOf(ctx, mention, sectorCode(mention.entity, sector), phrase)];
}

/** The country mention owning the words that start at `start`: "Taiwan's" + name. */
function possessorBefore(ctx: SentenceContext, start: number): MentionAt | undefined {
  const tokens = ctx.sentence.tokens;
  const at = tokens.findIndex((t) => t.span.start === start);
  if (at < 2 || !/^['’]s?$/.test(ctx.word(at - 1))) return undefined;
  const owner = mentionOf(ctx, at - 2);
  return owner && (owner.entity.type === 'GPE' || owner.entity.type === 'ORG') && countryOf(owner.entity) ? owner : undefined;
}

/**
 * "Vietnamese-led forces", "Saudi-led coalition" cut into three tokens and hung apart by the parse:
 * the country that leads, named just before the phrase's first word.
 */
function leaderBefore(ctx: SentenceContext, first: number): MentionAt | undefined {
  if (first < 3 || ctx.lemma(first - 1) !== 'lead' || ctx.word(first - 2) !== '-') return undefined;
  const leader = mentionOf(ctx, first - 3);
  return leader && countryOf(leader.entity) && (leader.entity.type === 'GPE' || leader.entity.type === 'NORP') ? leader : undefined;
}

/** The sector a person's title gives ("Palestinian leader Yasser Arafat", "Foreign Minister X"). */
function titleSector(ctx: SentenceContext, head: number, first: number): string | undefined {
  for (let i = head - 1; i >= first && i >= head - 5; i--) {
    const sector = ctx.knowledge.actorNouns.get(ctx.lemma(i)) ?? ctx.knowledge.actorNouns.get(ctx.word(i).toLowerCase());
    if (sector) return sector;
  }
  return undefined;
}

/**
 * Entities named by a phrase's modifiers, coordinated ones included: "Hungarian and Romanian
 * officials", "Iran's army", "the president of Armenia", "security forces in Guinea".
 */
function modifierMentions(ctx: SentenceContext, head: number): MentionAt[] {
  const { tree } = ctx;
  const strong: MentionAt[] = [];
  const weak: MentionAt[] = [];
  const headMention = mentionOf(ctx, head);
  const depthOf = new Map<MentionAt, number>();
  const usable = (m: MentionAt | undefined): m is MentionAt => m !== undefined && m !== headMention && Boolean(m.entity.code || countryOf(m.entity));
  const visit = (node: number, depth: number, locative: boolean): void => {
    for (const c of tree.children(node)) {
      const relation = tree.relation(c);
      if (!MODIFIERS.has(tree.deprel(c)) && !MODIFIERS.has(relation)) continue;
      let isLocative = locative;
      if (relation === 'nmod' || relation === 'obl') {
        const prepositions = tree.childrenBy(c, 'case').map((k) => ctx.lemma(k));
        if (prepositions.length > 0 && !prepositions.some((p) => NATIONALITY_PREPOSITIONS.has(p) || p === "'s" || p === "'")) continue;
        if (prepositions.some((p) => p === 'in' || p === 'from')) isLocative = true;
      }
      const list = isLocative ? weak : strong;
      const m = mentionOf(ctx, c);
      if (usable(m)) {
        if (!list.includes(m)) list.push(m);
        depthOf.set(m, Math.min(depth, depthOf.get(m) ?? depth));
        for (const k of tree.childrenBy(c, 'conj')) {
          const mk = mentionOf(ctx, k);
          if (usable(mk) && !list.includes(mk)) list.push(mk);
          if (usable(mk)) depthOf.set(mk, Math.min(depth, depthOf.get(mk) ?? depth));
        }
      } else if (depth < 2 && ctx.sentence.tokens[c]!.pos !== 'VERB') visit(c, depth + 1, isLocative);
    }
  };
  visit(head, 0, false);
  // A country named in a locative modifier ("forces in Guinea") only counts when nothing closer names one;
  // "the Turkish and Greek sides of the island of Cyprus": the modifiers of the head itself outrank deeper ones.
  const list = strong.length > 0 ? strong : weak;
  const nearest = Math.min(...list.map((m) => depthOf.get(m) ?? 0));
  return list.filter((m) => (depthOf.get(m) ?? 0) === nearest);
}

/** Actors of a phrase and of the phrases coordinated with it ("Hamas and the Palestinian Authority"). */
function actorsAt(ctx: SentenceContext, head: number, tokens: number[], asMembers = false): ActorRef[] {
  const conjuncts = ctx.tree.childrenBy(head, 'conj').filter((c) => ctx.sentence.tokens[c]!.pos !== 'VERB');
  // "Pakistan, a key U.S. ally, has refused ...": an apposition misparsed as a conjunct has no "and"/"or" anywhere in the list.
  const coordinated = conjuncts.some((c) => ctx.tree.childrenBy(c, 'cc').length > 0) || ctx.tree.childrenBy(head, 'cc').length > 0;
  const heads = [head, ...(coordinated ? conjuncts : [])];
  // "all Palestinian factions, including Hamas and the PA": the named members are the actors.
  const actors: ActorRef[] = [];
  for (const h of heads) {
    let at = h;
    if (RELATIVE_PRONOUNS.has(ctx.lemma(h)) && ctx.tree.relation(ctx.tree.head(h)) === 'acl') at = ctx.tree.head(ctx.tree.head(h));
    // "Russian aircraft including helicopter gunships killed ...", parsed with the members as the subject: the whole acts.
    if (!asMembers && hasCase(ctx, at, ['include', 'including']) && ctx.tree.head(at) >= 0) at = ctx.tree.head(at);
    // "all Palestinian factions, including Hamas and the Palestinian Authority": the named members act.
    const including = ctx.tree.childrenBy(at, 'nmod', 'acl', 'obl').find((c) => hasCase(ctx, c, ['include', 'including', 'such']));
    // Members that are only kinds ("Russian aircraft including helicopter gunships") say less than the head.
    const members = including !== undefined ? actorsAt(ctx, including, tokens, true) : [];
    const found = members.some((m) => m.entity !== undefined) ? members : actorAt(ctx, at);
    for (const actor of found.length > 0 ? found : actorAt(ctx, at)) {
      if (actors.some((a) => a.entity !== undefined && a.entity === actor.entity)) continue;
      actors.push(actor);
      tokens.push(at);
    }
  }
  return actors;
}

function hasCase(ctx: SentenceContext, node: number, words: ReadonlySet<string> | string[]): string | undefined {
  const set = words instanceof Set ? words : new Set(words as string[]);
  for (const c of ctx.tree.childrenBy(node, 'case', 'mark')) if (set.has(ctx.lemma(c))) return ctx.lemma(c);
  return undefined;
}

/** Does the entry's pattern hold at `trigger`? Returns the extra trigger tokens when it does. */
function matchPattern(ctx: SentenceContext, entry: DictionaryEntry, trigger: number): number[] | undefined {
  const { tree } = ctx;
  const extra: number[] = [];
  if (entry.particle) {
    const particle = tree.childrenBy(trigger, 'compound:prt', 'advmod').find((c) => ctx.lemma(c) === entry.particle);
    const next = trigger + 1 < tree.size && ctx.lemma(trigger + 1) === entry.particle ? trigger + 1 : undefined;
    // "forced the agency out of the country": the particle heads a prepositional phrase of the verb.
    const opening = tree.childrenBy(trigger, 'obl').flatMap((o) => tree.childrenBy(o, 'case')).find((c) => ctx.lemma(c) === entry.particle && c > trigger);
    const at = particle ?? next ?? opening;
    if (at === undefined) return undefined;
    extra.push(at);
  }
  if (entry.preposition) {
    const preposition = entry.preposition;
    const complement = tree.childrenBy(trigger, 'obl', 'nmod', 'advcl', 'xcomp', 'ccomp').find((c) => hasCase(ctx, c, [preposition]));
    const stranded = tree.childrenBy(trigger, 'compound:prt', 'advmod', 'case').find((c) => ctx.lemma(c) === preposition);
    if (complement === undefined && stranded === undefined) return undefined;
  }
  if (entry.object) {
    const objects = new Set(entry.object.map((o) => o.toLowerCase()));
    // Verbs: the object or a complement ("impose sanctions"); nouns: a modifier too ("hunger strike", "air strike").
    const relations = entry.pos === 'NOUN' ? ['obj', 'nmod', 'compound', 'amod'] : ['obj', 'nsubj:pass', 'obl', 'nmod'];
    const matches = (c: number): boolean => objects.has(ctx.lemma(c)) || objects.has(ctx.word(c).toLowerCase());
    let object = tree.childrenBy(trigger, ...relations).find(matches);
    // "violated the ceasefire agreement": the object's noun modifier names it.
    if (object === undefined && entry.pos === 'VERB') {
      for (const c of tree.childrenBy(trigger, 'obj')) object ??= tree.childrenBy(c, 'compound').find(matches);
    }
    // "25,000 tons of food aid", "700 kg of medicine", "$50,000 worth of goods": the measured thing is the object.
    if (object === undefined && entry.pos === 'VERB') {
      for (const c of tree.childrenBy(trigger, 'obj')) {
        if (!MEASURES.has(ctx.lemma(c)) && !PARTITIVES.has(ctx.lemma(c)) && ctx.sentence.tokens[c]!.pos !== 'NUM') continue;
        object = tree.childrenBy(c, 'nmod').find((n) => hasCase(ctx, n, ['of']) && matches(n));
        if (object !== undefined) break;
      }
    }
    if (object === undefined) return undefined;
    extra.push(object);
  }
  if (entry.complement) {
    const complements = new Set(entry.complement);
    const complement = tree.childrenBy(trigger, 'xcomp', 'ccomp', 'advcl').find((c) => complements.has('*') || complements.has(ctx.lemma(c)));
    if (complement === undefined) return undefined;
    extra.push(complement);
  }
  return extra;
}

const PHRASE_INTERNAL = new Set(['compound', 'amod', 'flat', 'nmod:poss', 'det', 'nummod', 'nmod:desc', 'case']);

/**
 * When the parse gives a verb no subject at all (a misparse, a fragment), the nearest noun phrase
 * before the verb that is not inside a prepositional phrase, the way a shallow coder reads English
 * word order: objects of an earlier verb are skipped ("issued a declaration demanding ..."), a
 * subject that is not an actor ends the search ("A roadside bombing ... killed").
 */
function subjectToTheLeft(ctx: SentenceContext, verb: number, tokens: number[]): ActorRef[] {
  const { tree, sentence } = ctx;
  let v = verb;
  for (let steps = 0; steps < 6 && (tree.relation(v) === 'xcomp' || tree.relation(v) === 'conj') && tree.head(v) >= 0 && tree.head(v) < v; steps++) v = tree.head(v);
  const seen = new Set<number>();
  for (let i = v - 1; i >= 0; i--) {
    const token = sentence.tokens[i]!;
    const word = ctx.word(i);
    if (word === ';' || word === ':') break;
    if (token.pos !== 'NOUN' && token.pos !== 'PROPN' && token.pos !== 'PRON') continue;
    if (isTimeWord(ctx, i)) continue;
    let h = i;
    for (let steps = 0; steps < 4 && PHRASE_INTERNAL.has(tree.deprel(h)) && tree.head(h) > h && tree.head(h) < v; steps++) h = tree.head(h);
    if (seen.has(h)) continue;
    seen.add(h);
    const cases = tree.childrenBy(h, 'case').map((c) => ctx.lemma(c)).filter((l) => l !== "'s" && l !== "'");
    if (cases.length > 0 || tree.relation(h) === 'obl' || RELATIVE_PRONOUNS.has(ctx.lemma(h))) continue;
    const found = actorsAt(ctx, h, tokens);
    if (found.length > 0) return found;
    if (tree.relation(h) === 'nsubj') break;
  }
  return [];
}

/** Subjects of a verb, following control, coordination and relative clauses up the tree. */
function subjectsOf(ctx: SentenceContext, verb: number, seen = new Set<number>()): { active: number[]; passive: number[] } {
  const { tree } = ctx;
  if (seen.has(verb)) return { active: [], passive: [] };
  seen.add(verb);
  // "today" or "Wednesday" read as a subject is a parse error, not an actor.
  const active = tree.childrenBy(verb, 'nsubj', 'csubj').filter((c) => tree.deprel(c) !== 'nsubj:pass' && !isTimeWord(ctx, c));
  const passive = tree.childrenBy(verb, 'nsubj:pass').filter((c) => !isTimeWord(ctx, c));
  // A "passive" subject of a verb with no passive auxiliary and no agent ("the Russian side had reaffirmed ...") is a misparsed active one.
  if (passive.length > 0 && tree.childrenBy(verb, 'aux:pass', 'obl:agent').length === 0 && tree.childrenBy(verb, 'obj').length > 0) {
    return { active: [...active, ...passive], passive: [] };
  }
  if (active.length > 0 || passive.length > 0) return { active, passive };
  const head = tree.head(verb);
  if (head < 0) return { active, passive };
  switch (tree.relation(verb)) {
    case 'xcomp': {
      // "urged Israel to withdraw": object control; "agreed to meet": subject control.
      const objects = OBJECT_CONTROL.has(ctx.lemma(head)) ? tree.childrenBy(head, 'obj', 'iobj') : [];
      return objects.length > 0 ? { active: objects, passive: [] } : subjectsOf(ctx, head, seen);
    }
    case 'conj':
      return subjectsOf(ctx, head, seen);
    case 'acl': {
      // "Abu Marzook, who headed ..." (the relative pronoun case is in actorsAt).
      if (tree.deprel(verb) === 'acl:relcl') return { active: [head], passive: [] };
      // "its readiness to provide ...", "Russia's decision to send ...": the possessor intends it.
      if (tree.childrenBy(verb, 'mark').some((m) => ctx.lemma(m) === 'to')) return { active: tree.childrenBy(head, 'nmod:poss'), passive: [] };
      // "forces operating in Iraq", and a finite verb read as a reduced relative ("officials agreed",
      // "bulldozers demolished homes"): the noun acts. "a plan aimed at ...", "the protest staged by": it undergoes.
      const tag = ctx.sentence.tokens[verb]!.tag ?? '';
      const agent = tree.childrenBy(verb, 'obl:agent').length > 0 || tree.childrenBy(verb, 'obl').some((c) => hasCase(ctx, c, ['by']));
      // A sentence whose root is the noun ("The delegation travelled to Moscow" misparsed): the verb is the predicate.
      const nounRoot = tree.head(head) < 0 && !agent;
      // An object on the verb or on a verb coordinated with it ("groups donated and delivered goods") marks the active voice.
      const hasObject = [verb, ...tree.childrenBy(verb, 'conj')].some((v) => tree.childrenBy(v, 'obj').length > 0);
      if (nounRoot || tag === 'VBG' || tag === 'VBD' || tag === 'VBZ' || tag === 'VBP' || (!agent && hasObject)) return { active: [head], passive: [] };
      return { active: [], passive: [head] };
    }
    case 'advcl':
      // "pledged to ...", "resorted to throwing stones": the clause's actor is the main verb's.
      return tree.childrenBy(verb, 'mark', 'case').some((m) => ctx.lemma(m) === 'to') ? subjectsOf(ctx, head, seen) : { active, passive };
    default:
      return { active, passive };
  }
}

interface Modality {
  modality: CodedEvent['modality'];
  attributedTo?: ActorRef;
  negated: boolean;
  /** Said as an intention of the actor: "will/would/shall do", "plans/vows/is willing to do" (not "if ..." conditions, not "may/could"). */
  intent: boolean;
  /** An intention with a condition the other side must meet: "will withdraw unless ...". */
  ultimatum: boolean;
}

function modalityOf(ctx: SentenceContext, trigger: number): Modality {
  const { tree } = ctx;
  let negated = tree.children(trigger).some((c) => (tree.relation(c) === 'advmod' || tree.relation(c) === 'det') && NEGATIONS.has(ctx.lemma(c)));
  // "stopped recognizing", "ceased cooperating": the act no longer holds.
  if (tree.relation(trigger) === 'xcomp' && CESSATION_VERBS.has(ctx.lemma(tree.head(trigger)))) negated = !negated;
  let modality: CodedEvent['modality'] = 'asserted';
  let attributedTo: ActorRef | undefined;
  let intent = false;
  let ultimatum = false;
  // Walk up: auxiliaries of each clause, controlling verbs, and speech verbs above.
  let node = trigger;
  for (let steps = 0; node >= 0 && steps < 12; steps++) {
    const auxiliaries = tree.childrenBy(node, 'aux').map((c) => ctx.lemma(c));
    const marks = tree.childrenBy(node, 'mark').map((m) => ctx.lemma(m));
    const conditional = marks.includes('if') || marks.includes('unless');
    if (modality === 'asserted') {
      if (auxiliaries.some((a) => HYPOTHETICAL_AUX.has(a)) || conditional) modality = 'hypothetical';
      else if (auxiliaries.some((a) => FUTURE_AUX.has(a))) modality = 'future';
      if (!conditional && auxiliaries.some((a) => INTENT_AUX.has(a))) intent = true;
    }
    // "will withdraw ... unless X does Y" (wherever the parse hangs the "unless" clause below the verb).
    if (!ultimatum) for (let k = node + 1; k < tree.size; k++) if (ctx.lemma(k) === 'unless' && tree.dominates(node, k)) ultimatum = true;
    const relation = tree.relation(node);
    const head = tree.head(node);
    if (head < 0) break;
    if (relation === 'xcomp' && FUTURE_CONTROLLERS.has(ctx.lemma(head)) && modality === 'asserted') modality = 'future';
    if (relation === 'xcomp' && (INTENT_CONTROLLERS.has(ctx.lemma(head)) || INTENT_ADJECTIVES.has(ctx.lemma(head))) && (modality === 'asserted' || modality === 'future')) {
      modality = 'future';
      intent = true;
    }
    if ((relation === 'ccomp' || relation === 'parataxis') && SPEECH_VERBS.has(ctx.lemma(head))) {
      const speaker = subjectsOf(ctx, head).active[0];
      if (speaker !== undefined) attributedTo = actorAt(ctx, speaker)[0];
      if (modality === 'asserted') modality = 'reported';
      break;
    }
    if (relation !== 'xcomp' && relation !== 'conj' && relation !== 'ccomp') break;
    node = head;
  }
  // "according to X"
  if (!attributedTo) {
    for (let i = 0; i < tree.size; i++) {
      if (ctx.lemma(i) === 'accord' || ctx.word(i).toLowerCase() === 'according') {
        const object = tree.children(i).find((c) => tree.relation(c) === 'obl' || tree.relation(c) === 'nmod') ?? tree.childrenBy(tree.head(i), 'obl').find((c) => hasCase(ctx, c, ['to']));
        if (object !== undefined) attributedTo = actorAt(ctx, object)[0];
        break;
      }
    }
  }
  return { modality, negated, intent: intent && modality !== 'asserted', ultimatum: ultimatum && intent, ...(attributedTo ? { attributedTo } : {}) };
}

function argumentsOfVerb(ctx: SentenceContext, entry: DictionaryEntry, trigger: number, tokens: number[]): { source: ActorRef[]; target: ActorRef[] } {
  const { tree } = ctx;
  const { active, passive } = subjectsOf(ctx, trigger);
  const source: ActorRef[] = [];
  const target: ActorRef[] = [];
  for (const s of active) source.push(...actorsAt(ctx, s, tokens));
  // No subject, or one that names no actor ("issued a statement demanding ..."): read the words before the verb.
  if (source.length === 0 && passive.length === 0) source.push(...subjectToTheLeft(ctx, trigger, tokens));
  for (const p of passive) target.push(...actorsAt(ctx, p, tokens));
  const targetPrepositions = new Set(entry.targetPrepositions.length > 0 ? entry.targetPrepositions : DEFAULT_TARGET_PREPOSITIONS);
  for (const child of tree.children(trigger)) {
    const relation = tree.relation(child);
    if (relation === 'obj' || relation === 'iobj') {
      // "mobilized army reservists", "deployed troops": the forces put out are the means, not the target.
      if (entry.type === 'MOBILIZE' && relation === 'obj') continue;
      if (entry.object?.includes(ctx.lemma(child))) {
        // "imposed sanctions on Iran": the target hangs off the object; "rejected an Indian proposal",
        // "summoned Niger's ambassador": the object's owner is the target.
        const before = target.length;
        for (const n of tree.childrenBy(child, 'nmod')) if (hasCase(ctx, n, targetPrepositions) && !isTimeWord(ctx, n)) target.push(...actorsAt(ctx, n, tokens));
        // Only a named owner: the pattern's own noun ("launched artillery", "sent troops") is the means, not the target.
        if (target.length === before) target.push(...actorsAt(ctx, child, tokens).filter((a) => a.entity !== undefined));
        continue;
      }
      target.push(...actorsAt(ctx, child, tokens));
    } else if (tree.deprel(child) === 'obl' && tree.childrenBy(child, 'case', 'mark').length === 0 && !isTimeWord(ctx, child) && child > trigger) {
      // A bare noun phrase after the verb read as an oblique ("accused the United States of ..."): an object.
      target.push(...actorsAt(ctx, child, tokens));
    } else if ((relation === 'obl' || relation === 'nmod') && !isTimeWord(ctx, child)) {
      // ("on Wednesday in south Lebanon": a time phrase is when, and the place hung on it where, not whom.)
      const preposition = hasCase(ctx, child, new Set(['by', ...targetPrepositions, 'of', 'from']));
      if (preposition === 'by' && passive.length > 0) source.push(...actorsAt(ctx, child, tokens));
      else if (preposition === 'by' && tree.deprel(child) === 'obl:agent') source.push(...actorsAt(ctx, child, tokens));
      else if (preposition && targetPrepositions.has(preposition)) target.push(...actorsAt(ctx, child, tokens));
    }
  }
  // The actor's own things ("its readiness") are not targets.
  const notSource = (t: ActorRef): boolean => !source.some((s) => s.entity !== undefined && s.entity === t.entity);
  let targets = target.filter(notSource);
  if (targets.length === 0) targets = targetsInComplement(ctx, trigger, targetPrepositions, tokens).filter(notSource);
  // Only a sector ("workers", "civilians") and a place the act falls on: the place's country says more.
  if ((targets.length === 0 || targets.every((t) => !t.entity)) && PLACE_TARGET_TYPES.has(entry.type)) {
    const places = placeAsTarget(ctx, trigger, entry.type === 'RETREAT');
    const place = places.filter(notSource);
    if (place.length > 0) targets = place;
    // "Turkish authorities imposed a curfew in a town in southeastern Turkey": a state body acting
    // in its own country acts on its people.
    else if (places.length > 0 && source.length > 0 && source.every((s) => (s.code?.length ?? 0) > 3)) targets = places.map((p) => ({ ...p, code: (p.code ?? '').slice(0, 3) + 'CVL' }));
  }
  if (targets.length === 0) for (const n of [...passive, ...tree.childrenBy(trigger, 'obj')]) if (targets.length === 0) targets = ownerOfEarlierNoun(ctx, n, tokens).filter(notSource);
  if (targets.length === 0) targets = actorAfter(ctx, trigger, source, tokens);
  return { source: mostSpecific(shareSector(source)), target: mostSpecific(shareSector(targets)) };
}

/** Words that end the stretch of a sentence where a trigger's target may be named: the attribution ("..., officials said"). */
const TARGET_STRETCH_ENDS = new Set([';', ':', 'according']);

/**
 * When the parse gives an act no target (a misparsed "demanding that President Mugabe abandon ..."),
 * the first actor named after the trigger in its stretch of the sentence, the way a shallow coder
 * (TABARI) reads English word order; the source's own mentions and the reporting tail are skipped.
 */
function actorAfter(ctx: SentenceContext, trigger: number, source: ActorRef[], tokens: number[]): ActorRef[] {
  const { sentence } = ctx;
  const end = attributionStart(ctx, trigger);
  // "rejected by all Palestinian factions": the agent phrase names the source's side, not a target.
  const passive = ctx.tree.childrenBy(trigger, 'aux:pass').length > 0;
  const agents = ctx.tree.children(trigger).filter((c) => ctx.tree.deprel(c) === 'obl:agent' || (passive && hasCase(ctx, c, ['by'])));
  for (let i = trigger + 1; i < end; i++) {
    if (agents.some((a) => ctx.tree.dominates(a, i))) continue;
    const word = ctx.word(i).toLowerCase();
    if (TARGET_STRETCH_ENDS.has(word) || (SPEECH_VERBS.has(ctx.lemma(i)) && sentence.tokens[i]!.pos === 'VERB')) break;
    const m = mentionOf(ctx, i);
    if (!m || m.entity.type === 'MISC' || !(m.entity.code || countryOf(m.entity)) || isTimeWord(ctx, i)) continue;
    if (source.some((s) => s.entity === m.entity.id)) continue;
    const found = actorAt(ctx, i);
    if (found.length > 0) {
      tokens.push(i);
      return found;
    }
  }
  return [];
}

/**
 * Where a trailing attribution begins after `from`: a comma followed, within a few words and no
 * other verb, by a reporting verb (", a UN official said", ", the White House announced Tuesday").
 * The sentence's length when there is none.
 */
function attributionStart(ctx: SentenceContext, from: number): number {
  const tokens = ctx.sentence.tokens;
  for (let c = from + 1; c < tokens.length; c++) {
    if (ctx.word(c) !== ',') continue;
    for (let j = c + 1; j < tokens.length && j <= c + 8; j++) {
      if (tokens[j]!.pos !== 'VERB') continue;
      if (SPEECH_VERBS.has(ctx.lemma(j))) return c;
      break;
    }
  }
  return tokens.length;
}

/** Acts done to the people of a place: "lifted a curfew in Montenegro", "will evacuate settlements in the Gaza Strip", "refused to deploy troops in Iraq". */
const PLACE_TARGET_TYPES = new Set(['COERCE', 'SANCTION', 'RETREAT', 'CONCEDE', 'ASSAULT', 'AID', 'REJECT', 'THREATEN']);
const PLACE_TARGET_PREPOSITIONS = new Set(['in', 'from', 'into', 'inside', 'across', 'throughout', 'out']);

/**
 * When an act that falls on a population has no other target, the country of the place it is done
 * in: a GPE in an "in/from/into" phrase of the trigger, its object, or its complement verb.
 */
function placeAsTarget(ctx: SentenceContext, trigger: number, retreat = false): ActorRef[] {
  const { tree } = ctx;
  const nodes = [trigger, ...tree.childrenBy(trigger, 'obj', 'xcomp')];
  for (const n of tree.childrenBy(trigger, 'xcomp')) nodes.push(...tree.childrenBy(n, 'obj'));
  for (const node of nodes) {
    for (const child of tree.childrenBy(node, 'obl', 'nmod')) {
      const preposition = hasCase(ctx, child, PLACE_TARGET_PREPOSITIONS);
      if (!preposition) continue;
      // "withdrew from Lebanon" falls on Lebanon; "declared a ceasefire in south Lebanon" only happens there.
      if (retreat && (preposition === 'in' || preposition === 'inside' || preposition === 'across' || preposition === 'throughout')) continue;
      // "in the town of Cizre in southeastern Turkey": the place may sit two phrases down.
      const inner = tree.childrenBy(child, 'nmod');
      for (const head of [child, ...inner, ...inner.flatMap((n) => tree.childrenBy(n, 'nmod'))]) {
        const m = mentionOf(ctx, head);
        const country = m && (m.entity.type === 'GPE' || m.entity.type === 'LOC') ? countryOf(m.entity) : undefined;
        if (m && country) return [refOf(ctx, m, country)];
      }
    }
  }
  return [];
}

/**
 * "Greek and Turkish officials" parsed as two subjects, "Greek" and "Turkish officials": a bare
 * demonym before an actor with a sector shares that sector.
 */
function shareSector(actors: ActorRef[]): ActorRef[] {
  return actors.map((a, i) => {
    if (!a.code || a.code.length !== 3 || /\s/.test(a.text.trim())) return a;
    const next = actors.slice(i + 1).find((b) => b.code && b.code.length === 6 && b.span.start > a.span.end && b.span.start - a.span.end < 8);
    return next ? { ...a, code: a.code + next.code!.slice(3) } : a;
  });
}

/** Drop an actor whose code another one refines (PSE beside PSEGOV for one misparsed subject). */
function mostSpecific(actors: ActorRef[]): ActorRef[] {
  return actors.filter((a, i) => !actors.some((b, j) => j !== i && a.code && b.code && b.code !== a.code && b.code.startsWith(a.code) && (a.entity === b.entity || a.code.length === 3)));
}

/**
 * Targets named inside the trigger's complement when the trigger itself has none:
 * "warned that Washington's plan would ruin ..." (the subject of the content clause),
 * "reaffirmed its readiness to provide the Palestinians with assistance" (the object of the intended act).
 */
function targetsInComplement(ctx: SentenceContext, trigger: number, targetPrepositions: ReadonlySet<string>, tokens: number[]): ActorRef[] {
  const { tree } = ctx;
  // "threatened to break relations with Russia": a to-infinitive read as an adverbial clause is the complement too.
  const complements = (node: number): number[] => [...tree.childrenBy(node, 'xcomp', 'acl', 'ccomp'), ...tree.childrenBy(node, 'advcl').filter((c) => hasCase(ctx, c, ['to']))];
  const queue: Array<{ node: number; depth: number }> = [...complements(trigger), ...tree.childrenBy(trigger, 'obj')].map((node) => ({ node, depth: 0 }));
  while (queue.length > 0) {
    const { node, depth } = queue.shift()!;
    const relation = tree.relation(node);
    if (relation === 'ccomp') {
      const subjects = tree.childrenBy(node, 'nsubj');
      const found = subjects.flatMap((s) => actorsAt(ctx, s, tokens));
      if (found.length > 0) return found;
    }
    if (relation === 'xcomp' || relation === 'acl' || relation === 'ccomp' || relation === 'advcl') {
      const found: ActorRef[] = [];
      for (const child of tree.children(node)) {
        const r = tree.relation(child);
        if (r === 'obj' || r === 'iobj' || ((r === 'obl' || r === 'nmod') && hasCase(ctx, child, targetPrepositions))) {
          // "to break relations with Russia", "to deliver blows to the United States and Israel": the object's own target phrase first.
          const named: ActorRef[] = [];
          if (r === 'obj' || r === 'iobj') for (const n of tree.childrenBy(child, 'nmod')) if (hasCase(ctx, n, targetPrepositions) && !isTimeWord(ctx, n)) named.push(...actorsAt(ctx, n, tokens));
          if (named.length === 0) named.push(...actorsAt(ctx, child, tokens));
          for (const actor of named) if (!found.some((f) => f.code === actor.code && f.entity === actor.entity)) found.push(actor);
        }
      }
      if (found.length > 0) return found;
    }
    if (depth < 2) for (const child of complements(node)) queue.push({ node: child, depth: depth + 1 });
  }
  return [];
}

/** "the siege of Gaza by Israel", "Israel's siege", "Israeli airstrikes", "talks between X and Y", "held talks with X". */
function argumentsOfNoun(ctx: SentenceContext, entry: DictionaryEntry, trigger: number, tokens: number[]): { source: ActorRef[]; target: ActorRef[]; lightVerb?: number } {
  const { tree } = ctx;
  const source: ActorRef[] = [];
  const target: ActorRef[] = [];
  const targetPrepositions = new Set([...(entry.targetPrepositions.length > 0 ? entry.targetPrepositions : DEFAULT_TARGET_PREPOSITIONS), 'of', 'between', 'over']);
  for (const child of tree.children(trigger)) {
    const deprel = tree.deprel(child);
    if (deprel === 'nmod:poss' || ((tree.relation(child) === 'amod' || tree.relation(child) === 'compound') && ctx.mentions.some((m) => m.start <= ctx.sentence.tokens[child]!.span.start && ctx.sentence.tokens[child]!.span.end <= m.end))) {
      source.push(...actorsAt(ctx, child, tokens));
    } else if (tree.relation(child) === 'nmod' || tree.relation(child) === 'obl') {
      const preposition = hasCase(ctx, child, new Set(['by', ...targetPrepositions]));
      if (preposition === 'by') source.push(...actorsAt(ctx, child, tokens));
      else if (preposition) target.push(...actorsAt(ctx, child, tokens));
    }
  }
  // A noun trigger as the object of a verb ("held talks with", "launched an offensive against"):
  // the verb's subject acts; "under a siege" / "came under attack": the subject suffers.
  let lightVerb: number | undefined;
  const head = tree.head(trigger);
  const relation = tree.relation(trigger);
  if (head >= 0 && (relation === 'obj' || relation === 'obl')) {
    lightVerb = head;
    const under = hasCase(ctx, trigger, ['under']);
    const { active, passive } = subjectsOf(ctx, head);
    // "Serb forces were engaged in ethnic cleansing", "were involved in the attack": the passive subject acts.
    const agents = active.length === 0 && relation === 'obl' && hasCase(ctx, trigger, ['in']) ? passive : active;
    for (const s of agents) (under ? target : source).push(...actorsAt(ctx, s, tokens));
    if (active.length === 0 && passive.length === 0 && ctx.sentence.tokens[head]!.pos === 'VERB') (under ? target : source).push(...subjectToTheLeft(ctx, head, tokens));
    for (const child of tree.children(head)) {
      if (child === trigger || (tree.relation(child) !== 'obl' && tree.relation(child) !== 'nmod')) continue;
      const preposition = hasCase(ctx, child, targetPrepositions);
      if (preposition) target.push(...actorsAt(ctx, child, tokens));
    }
  } else if (head >= 0 && (relation === 'obl' || relation === 'nmod' || relation === 'advcl') && hasCase(ctx, trigger, ['in', 'during', 'for']) && ctx.sentence.tokens[head]!.pos === 'VERB') {
    // "wounded two soldiers in a bomb attack", "killed 46 civilians during a raid", "were engaged in
    // ethnic cleansing", "return to Geneva for talks": the verb's subject acts.
    const { active, passive } = subjectsOf(ctx, head);
    if (source.length === 0) for (const s of [...active, ...passive]) source.push(...actorsAt(ctx, s, tokens));
    if (target.length === 0) for (const o of tree.childrenBy(head, 'obj')) target.push(...actorsAt(ctx, o, tokens));
  } else if (tree.childrenBy(trigger, 'cop').length > 0 || hasCase(ctx, trigger, ['under'])) {
    // "Gaza has been under a siege": the copular subject suffers it.
    for (const s of tree.childrenBy(trigger, 'nsubj')) target.push(...actorsAt(ctx, s, tokens));
  } else if (tree.relation(trigger) === 'nsubj') {
    // "The talks in Moscow come as ...": no actors beyond the noun phrase itself.
  }
  if (target.length === 0 && relation !== 'nsubj') target.push(...actorAfter(ctx, trigger, source, tokens));
  return { source, target, ...(lightVerb !== undefined ? { lightVerb } : {}) };
}

/**
 * PLOVER codes intentions by what is intended (data/events/cameo.json): a cooperative act said as an
 * intention ("will give Tanzania a grant", "would meet the mediator", "is willing to withdraw") is
 * AGREE with the CAMEO 03x code of the act; a conflictual one ("would boycott", "will blockade") is
 * THREATEN 13x; a cooperative one with a condition on the other side ("will withdraw ... unless")
 * is an ultimatum (THREATEN 139); a refused cooperative act or agreement ("will not accept") is REJECT.
 * Requests, statements, accusations, rejections, agreements and threats keep their own type.
 */
export function intentionOf(entry: DictionaryEntry, negated: boolean, ultimatum: boolean): { type: DictionaryEntry['type']; cameo: string } | undefined {
  const code = entry.cameo;
  const root = Number(code.slice(0, 2));
  // "will not accept", "would not agree to": a refusal.
  if (entry.type === 'AGREE' && negated) return { type: 'REJECT', cameo: '120' };
  if (['AGREE', 'REQUEST', 'STATEMENT', 'ACCUSE', 'REJECT', 'THREATEN'].includes(entry.type)) return undefined;
  const cooperative = root >= 4 && root <= 8;
  if (negated) return cooperative ? { type: 'REJECT', cameo: '120' } : undefined;
  if (cooperative) {
    if (ultimatum) return { type: 'THREATEN', cameo: '139' };
    const agree: Record<string, string> = { '04': '036', '05': '032', '06': '031', '061': '0311', '062': '0312', '063': '0313', '064': '0314', '07': '033', '071': '0331', '072': '0332', '073': '0333', '074': '0334', '08': '035', '081': '0351', '084': '0353', '085': '0354', '086': '0355', '087': '0356' };
    return { type: 'AGREE', cameo: agree[code.slice(0, 3)] ?? agree[code.slice(0, 2)] ?? '030' };
  }
  const threaten: Record<string, string> = { '14': '133', '15': '138', '16': '131', '161': '1313', '162': '1311', '163': '1312', '164': '134', '166': '136', '17': '137', '172': '132', '18': '138', '19': '138', '191': '1381', '192': '1382', '20': '138' };
  const threat = threaten[code.slice(0, 3)] ?? threaten[code.slice(0, 2)];
  return threat ? { type: 'THREATEN', cameo: threat } : undefined;
}

/** Verbs that report what someone said or concluded: an obligation in their content is the speaker's demand. */
const DEMAND_REPORTERS = new Set([...SPEECH_VERBS, 'conclude', 'announce', 'declare', 'insist', 'urge', 'demand', 'reiterate', 'repeat', 'maintain', 'rule']);
const OBLIGATIONS: Readonly<Record<string, string>> = { must: '100', should: '020', ought: '020' };

/**
 * "Russia said Sudan must return the helicopter", "Sudan should withdraw, X said": an obligation
 * the speaker puts on someone is a REQUEST from the speaker to them (CAMEO 100 demand for "must",
 * 020 appeal for "should"). The act demanded is its content, not an event of its own.
 */
function obligationsOf(ctx: SentenceContext, cameo: ReadonlyMap<string, { plover: { type: string } }>): CodedEvent[] {
  const { tree } = ctx;
  const events: CodedEvent[] = [];
  for (let modal = 0; modal < tree.size; modal++) {
    const code = OBLIGATIONS[ctx.lemma(modal)] ?? OBLIGATIONS[ctx.word(modal).toLowerCase()];
    if (!code || tree.relation(modal) !== 'aux') continue;
    const verb = tree.head(modal);
    if (verb < 0 || tree.childrenBy(verb, 'nsubj', 'nsubj:pass').length === 0) continue;
    // The speaker: a reporting verb above the clause (a misparse may hang it a step or two higher), or one hanging off it ("..., X said").
    let reporter: number | undefined;
    for (let node = tree.head(verb), steps = 0; node >= 0 && steps < 3; node = tree.head(node), steps++) {
      if (ctx.sentence.tokens[node]!.pos === 'VERB' && DEMAND_REPORTERS.has(ctx.lemma(node))) {
        reporter = node;
        break;
      }
    }
    reporter ??= tree.childrenBy(verb, 'parataxis', 'ccomp', 'advcl').find((c) => c > verb && SPEECH_VERBS.has(ctx.lemma(c)));
    if (reporter === undefined) continue;
    const argumentTokens: number[] = [];
    const speakers = subjectsOf(ctx, reporter).active;
    const source = speakers.flatMap((s) => actorsAt(ctx, s, argumentTokens));
    if (speakers.length === 0) source.push(...subjectToTheLeft(ctx, reporter, argumentTokens));
    const target = tree.childrenBy(verb, 'nsubj', 'nsubj:pass').flatMap((s) => actorsAt(ctx, s, argumentTokens));
    const entry: DictionaryEntry = { lemma: ctx.lemma(modal), pos: 'VERB', type: (cameo.get(code)?.plover.type ?? 'REQUEST') as DictionaryEntry['type'], cameo: code, reciprocal: false, targetPrepositions: [] };
    events.push({
      entry,
      sentence: ctx.index,
      trigger: verb,
      triggerTokens: [modal],
      source,
      target: target.filter((t) => !source.some((s) => s.entity !== undefined && s.entity === t.entity)),
      argumentTokens,
      negated: tree.childrenBy(verb, 'advmod').some((c) => NEGATIONS.has(ctx.lemma(c))),
      modality: 'asserted',
      ...(source[0] ? { attributedTo: source[0] } : {}),
      reciprocal: false,
      rule: `events:obligation:${ctx.lemma(modal)}`,
      tree,
    });
  }
  return events;
}

/** A bare nationality (`PSE` from "Palestinians") as its civilians (`PSECVL`). */
function asCivilians(actor: ActorRef): ActorRef {
  return actor.entity?.startsWith('norp:') && actor.code?.length === 3 ? { ...actor, code: actor.code + 'CVL' } : actor;
}

/** Finds the events of one sentence. */
/**
 * "ethnic Albanians" in a sentence about Serbia or Macedonia: an ethnic group is coded by the
 * country it lives in (CAMEO's convention): the first other country the sentence names; with none,
 * the demonym's own country stays.
 */
function ethnicResidents(ctx: SentenceContext, actor: ActorRef): ActorRef {
  const before = ctx.article.text.slice(Math.max(0, actor.span.start - 8), actor.span.start);
  if (!actor.code || !(/\bethnic\s/i.test(actor.text) || /\bethnic\s+$/i.test(before))) return actor;
  const own = actor.code.slice(0, 3);
  const other = [...ctx.mentions]
    .sort((a, b) => a.start - b.start)
    .map((m) => (m.entity.type === 'GPE' || m.entity.type === 'LOC' ? countryOf(m.entity) : undefined))
    .find((country) => country !== undefined && country !== own);
  return other ? { ...actor, code: other + (actor.code.slice(3) || 'CVL') } : actor;
}

/**
 * Sources named without a country ("Judge Alejandro Rivera", "the fundamentalist Umma party",
 * "rebels") in a sentence that names one country and no other: a domestic story, so that country.
 * International bodies (IGO, NGO, IMG codes) keep their own codes.
 */
function withSentenceCountry(ctx: SentenceContext, source: ActorRef[]): ActorRef[] {
  const sectors = ctx.knowledge.sectors;
  const stateless = (a: ActorRef): boolean => {
    if (!a.code) return a.entity !== undefined && ctx.article.entities.find((e) => e.id === a.entity)?.type !== 'MISC';
    return sectors.has(a.code.slice(0, 3)) && !STATELESS_SECTORS.has(a.code.slice(0, 3));
  };
  if (source.length === 0 || !source.every(stateless)) return source;
  const countries = new Set<string>();
  for (const m of ctx.mentions) {
    const country = m.entity.type === 'GPE' || m.entity.type === 'NORP' || m.entity.type === 'LOC' ? countryOf(m.entity) : undefined;
    if (country) countries.add(country);
  }
  if (countries.size !== 1) return source;
  const home = [...countries][0]!;
  // A titled person takes the title's sector ("President Dos Sontas" → AGOGOV).
  const sectorOf = (a: ActorRef): string => a.code ?? (a.entity ? (ctx.article.entities.find((e) => e.id === a.entity)?.sector ?? '') : '');
  return source.map((a) => ({ ...a, code: home + sectorOf(a) }));
}

/** Sector codes that stand where a country would (international and non-governmental bodies). */
const STATELESS_SECTORS = new Set(['IGO', 'NGO', 'IMG', 'MNC']);

/**
 * A target known only by its sector ("prevented the demonstration staged by students", "to disperse
 * demonstrators", "ordered the opposition newspaper") is of the source's country when the sentence
 * names no other: a domestic act. Each such actor gets the country in front of its sector.
 */
function withHomeCountry(ctx: SentenceContext, target: ActorRef[], source: ActorRef[]): ActorRef[] {
  const sectors = ctx.knowledge.sectors;
  const bare = (a: ActorRef): boolean => a.entity === undefined && a.code !== undefined && sectors.has(a.code) && !STATELESS_SECTORS.has(a.code);
  if (!target.some(bare)) return target;
  const countries = new Set(source.map((a) => a.code?.slice(0, 3)).filter((c): c is string => c !== undefined && c.length === 3 && !sectors.has(c)));
  if (countries.size !== 1) return target;
  const home = [...countries][0]!;
  for (const m of ctx.mentions) {
    const country = countryOf(m.entity);
    if (country && country !== home && m.entity.type !== 'ORG' && m.entity.type !== 'PERSON') return target;
  }
  return target.map((a) => (bare(a) ? { ...a, code: home + (a.code ?? '') } : a));
}

function sentenceContext(article: Article, index: number, mentions: MentionAt[], knowledge: EventKnowledge, mentionsBySentence?: readonly MentionAt[][]): SentenceContext | undefined {
  const sentence = article.sentences[index]!;
  if (sentence.tokens.length === 0 || sentence.tokens[0]!.head === null) return undefined;
  const tree = buildTree(sentence);
  const lemmas = sentence.tokens.map((t) => t.lemma.toLowerCase());
  return {
    article,
    sentence,
    index,
    tree,
    mentions,
    knowledge,
    ...(mentionsBySentence ? { mentionsBySentence } : {}),
    lemma: (i) => lemmas[i] ?? '',
    word: (i) => {
      const span = sentence.tokens[i]?.span;
      return span ? article.text.slice(span.start, span.end) : '';
    },
  };
}

/** Contexts of an article's sentences built for looking back, kept so a sentence's tree is built once per article. */
const earlierContexts = new WeakMap<Article, Map<number, SentenceContext | undefined>>();
function earlierContext(ctx: SentenceContext, index: number, all: readonly MentionAt[][]): SentenceContext | undefined {
  let contexts = earlierContexts.get(ctx.article);
  if (!contexts) earlierContexts.set(ctx.article, (contexts = new Map()));
  if (!contexts.has(index)) contexts.set(index, sentenceContext(ctx.article, index, all[index] ?? [], ctx.knowledge));
  return contexts.get(index);
}

/**
 * "That plan — ... — has been rejected by ...", "the deal was signed": a definite or demonstrative
 * noun that names no actor, whose noun was last named, in the eight sentences before, with its owner
 * ("the US 'peace' plan", "Iran's deal") or as the object of an actor ("the US is preparing to
 * unveil a plan"): that owner or actor.
 */
function ownerOfEarlierNoun(ctx: SentenceContext, node: number, tokens: number[]): ActorRef[] {
  const all = ctx.mentionsBySentence;
  const token = ctx.sentence.tokens[node]!;
  if (!all || token.pos !== 'NOUN' || !ctx.tree.childrenBy(node, 'det').some((d) => ['the', 'that', 'this', 'these', 'those'].includes(ctx.lemma(d)))) return [];
  const lemma = ctx.lemma(node);
  for (let index = ctx.index - 1; index >= 0 && index >= ctx.index - 8; index--) {
    const earlier = earlierContext(ctx, index, all);
    if (!earlier) continue;
    for (let i = earlier.sentence.tokens.length - 1; i >= 0; i--) {
      if (earlier.lemma(i) !== lemma || earlier.sentence.tokens[i]!.pos !== 'NOUN') continue;
      const owners = modifierMentions(earlier, i).filter((m) => m.entity.code || countryOf(m.entity));
      if (owners.length > 0) {
        tokens.push(node);
        return owners.map((m) => refOf(earlier, m, m.entity.type === 'ORG' || m.entity.type === 'PERSON' ? (m.entity.code ?? countryOf(m.entity)) : sectorCode(m.entity, undefined)));
      }
      // "the US is preparing to unveil a plan": whoever made, unveiled or drew it up.
      if (earlier.tree.relation(i) === 'obj') {
        const makers = subjectsOf(earlier, earlier.tree.head(i)).active.flatMap((m) => actorsAt(earlier, m, []));
        if (makers.length > 0) {
          tokens.push(node);
          return makers;
        }
      }
      // The nearest earlier mention of the noun is the one referred to, owner or not.
      return [];
    }
  }
  return [];
}

export function codeSentence(article: Article, index: number, mentions: MentionAt[], knowledge: EventKnowledge, mentionsBySentence?: readonly MentionAt[][]): CodedEvent[] {
  const ctx = sentenceContext(article, index, mentions, knowledge, mentionsBySentence);
  if (!ctx) return [];
  const { sentence, tree } = ctx;
  const lemmas = sentence.tokens.map((t) => t.lemma.toLowerCase());
  const events: CodedEvent[] = obligationsOf(ctx, knowledge.cameo);
  // The act demanded is the demand's content, not an event of its own.
  const used = new Set<number>(events.map((e) => e.trigger));
  for (let i = 0; i < sentence.tokens.length; i++) {
    const token = sentence.tokens[i]!;
    const entries = knowledge.triggers.get(lemmas[i]!);
    if (!entries || used.has(i)) continue;
    // Participles used as adjectives ("occupied Jerusalem", "the besieged town") describe a state, not an event here.
    // "recognized occupied Jerusalem" parsed with "occupied" as a complement verb taking "Jerusalem":
    // a bare past participle right before its proper-noun "object", with no auxiliary or subject of its own.
    const participleAdjective =
      token.tag === 'VBN' &&
      tree.relation(i) === 'xcomp' &&
      tree.childrenBy(i, 'aux', 'aux:pass', 'nsubj', 'nsubj:pass', 'mark').length === 0 &&
      tree.childrenBy(i, 'obj').some((o) => tree.extent(o).first === i + 1 && sentence.tokens[o]!.pos === 'PROPN');
    const isVerb = token.pos === 'VERB' && tree.relation(i) !== 'amod' && !participleAdjective;
    const isNoun = token.pos === 'NOUN' || token.pos === 'PROPN';
    // A token inside an entity name is not a trigger ("Arab Peace Initiative", "Ministry of Defence").
    if (mentions.some((m) => m.start <= token.span.start && token.span.end <= m.end && m.entity.type !== 'NORP')) continue;
    for (const entry of entries) {
      if ((entry.pos === 'VERB' && !isVerb) || (entry.pos === 'NOUN' && !isNoun)) continue;
      const extra = matchPattern(ctx, entry, i);
      if (!extra) continue;
      const argumentTokens: number[] = [];
      let source: ActorRef[];
      let target: ActorRef[];
      const triggerTokens = [...extra.filter((e) => e === i + 1 || e === i - 1)];
      if (entry.pos === 'VERB') ({ source, target } = argumentsOfVerb(ctx, entry, i, argumentTokens));
      else {
        const found = argumentsOfNoun(ctx, entry, i, argumentTokens);
        ({ source, target } = found);
        if (found.lightVerb !== undefined) argumentTokens.push(found.lightVerb);
      }
      const flagsAt = entry.pos === 'NOUN' && tree.relation(i) === 'obj' && tree.head(i) >= 0 ? tree.head(i) : i;
      const { modality, negated, attributedTo, intent, ultimatum } = modalityOf(ctx, flagsAt);
      let coded = entry;
      let intended = '';
      const intention = intent ? intentionOf(entry, negated, ultimatum) : undefined;
      if (intention) {
        coded = { ...entry, type: intention.type, cameo: intention.cameo, mode: undefined };
        intended = ':intent';
      }
      // A people named by its demonym that protests, or that suffers violence or coercion, is its civilians ("Nigerians rallied", "arrested 100 Palestinians").
      if (coded.type === 'PROTEST') source = source.map(asCivilians);
      if (coded.type === 'ASSAULT' || coded.type === 'COERCE') target = target.map(asCivilians);
      source = withSentenceCountry(ctx, source.map((a) => ethnicResidents(ctx, a)));
      target = withHomeCountry(ctx, target.map((a) => ethnicResidents(ctx, a)), source);
      let reciprocal = entry.reciprocal;
      if (reciprocal && target.length === 0 && source.length >= 2) target = [...source];
      reciprocal = reciprocal && source.length > 0 && target.length > 0;
      const specific = [entry.particle && 'particle', entry.preposition && 'prep', entry.object && 'object', entry.complement && 'complement'].filter(Boolean).join('+');
      events.push({
        entry: coded,
        sentence: index,
        trigger: i,
        triggerTokens,
        source,
        target,
        argumentTokens,
        negated,
        modality,
        ...(attributedTo ? { attributedTo } : {}),
        reciprocal,
        rule: `events:${entry.pos === 'VERB' ? 'verb' : 'noun'}:${entry.lemma}${specific ? `:${specific}` : ''}${intended}`,
        tree,
      });
      for (const e of extra) used.add(e);
      break;
    }
  }
  return events.sort((a, b) => a.trigger - b.trigger);
}
