/**
 * The event coder: finds triggers from the dictionary in each parsed sentence and reads their
 * arguments off the dependency tree (UD relations), the way UniversalPetrarch codes from UD parses:
 * subject → source, object / oblique → target, passives, control and coordination, relative
 * clauses, nominal triggers ("the siege of Gaza by Israel"). Flags: negation, modality
 * (hypothetical / future / reported), attribution. Places and times are linked by `link.ts`.
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
  lemma(i: number): string;
  word(i: number): string;
}

function sectorCode(entity: Entity, sector: string | undefined): string | undefined {
  const country = entity.country ?? (entity.type === 'GPE' || entity.type === 'NORP' ? entity.code?.slice(0, 3) : undefined);
  if (sector && country && (entity.type === 'NORP' || entity.type === 'GPE')) return country + sector;
  return entity.code ?? country;
}

/** The actors named by the phrase headed at token `head` (its own words, not its clauses). */
function actorAt(ctx: SentenceContext, head: number): ActorRef[] {
  const { sentence, tree } = ctx;
  const token = sentence.tokens[head]!;
  const lemma = ctx.lemma(head);
  // Pronouns and group nouns ("It", "they", "the pair") carry coreference mentions of what they refer to.
  const referring = ctx.mentions.filter((m) => m.start <= token.span.start && token.span.end <= m.end && m.entity.type !== 'NORP');
  if (referring.length > 1 || (referring.length === 1 && token.pos === 'PRON')) {
    return referring.map((m) => ({ entity: m.entity.id, text: m.text, span: { start: m.start, end: m.end }, ...(m.entity.code ? { code: m.entity.code } : {}) }));
  }
  const single = actorPhrase(ctx, head, lemma);
  return single ? [single] : [];
}

function actorPhrase(ctx: SentenceContext, head: number, lemma: string): ActorRef | undefined {
  const { sentence, tree } = ctx;
  const token = sentence.tokens[head]!;
  const { first, last } = tree.extent(head, CLAUSAL);
  const start = sentence.tokens[first]!.span.start;
  const end = sentence.tokens[last]!.span.end;
  const inside = ctx.mentions.filter((m) => m.start >= start && m.end <= end);
  const covering = inside.find((m) => m.start <= token.span.start && token.span.end <= m.end);
  const mention = covering ?? inside.find((m) => m.entity.type !== 'NORP') ?? inside[0];
  const sector = covering ? undefined : ctx.knowledge.actorNouns.get(lemma);
  if (!mention) {
    if (!sector) return undefined;
    return { text: ctx.article.text.slice(start, end), span: { start, end }, code: sector };
  }
  const code = sectorCode(mention.entity, sector);
  const span = covering ? { start: mention.start, end: mention.end } : { start, end };
  return { entity: mention.entity.id, text: ctx.article.text.slice(span.start, span.end), span, ...(code ? { code } : {}) };
}

/** Actors of a phrase and of the phrases coordinated with it ("Hamas and the Palestinian Authority"). */
function actorsAt(ctx: SentenceContext, head: number, tokens: number[]): ActorRef[] {
  const heads = [head, ...ctx.tree.childrenBy(head, 'conj').filter((c) => ctx.sentence.tokens[c]!.pos !== 'VERB')];
  // "all Palestinian factions, including Hamas and the PA": the named members are the actors.
  const actors: ActorRef[] = [];
  for (const h of heads) {
    let at = h;
    if (RELATIVE_PRONOUNS.has(ctx.lemma(h)) && ctx.tree.relation(ctx.tree.head(h)) === 'acl') at = ctx.tree.head(ctx.tree.head(h));
    // "all Palestinian factions, including Hamas and the Palestinian Authority": the named members act.
    const including = ctx.tree.childrenBy(at, 'nmod', 'acl', 'obl').find((c) => hasCase(ctx, c, ['include', 'including', 'such']));
    const found = including !== undefined ? actorsAt(ctx, including, tokens) : actorAt(ctx, at);
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
    const at = particle ?? next;
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
    const object = tree.childrenBy(trigger, ...relations).find((c) => objects.has(ctx.lemma(c)) || objects.has(ctx.word(c).toLowerCase()));
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

/** Subjects of a verb, following control, coordination and relative clauses up the tree. */
function subjectsOf(ctx: SentenceContext, verb: number, seen = new Set<number>()): { active: number[]; passive: number[] } {
  const { tree } = ctx;
  if (seen.has(verb)) return { active: [], passive: [] };
  seen.add(verb);
  const active = tree.childrenBy(verb, 'nsubj', 'csubj').filter((c) => tree.deprel(c) !== 'nsubj:pass');
  const passive = tree.childrenBy(verb, 'nsubj:pass');
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
    case 'acl':
      // "a plan aimed at ...", "Abu Marzook, who headed ..." (the relative pronoun case is in actorsAt).
      return tree.deprel(verb) === 'acl:relcl' ? { active: [head], passive: [] } : { active: [], passive: [head] };
    case 'advcl':
      return tree.childrenBy(verb, 'mark').some((m) => ctx.lemma(m) === 'to') ? subjectsOf(ctx, head, seen) : { active, passive };
    default:
      return { active, passive };
  }
}

function modalityOf(ctx: SentenceContext, trigger: number): { modality: CodedEvent['modality']; attributedTo?: ActorRef; negated: boolean } {
  const { tree } = ctx;
  let negated = tree.children(trigger).some((c) => (tree.relation(c) === 'advmod' || tree.relation(c) === 'det') && NEGATIONS.has(ctx.lemma(c)));
  // "stopped recognizing", "ceased cooperating": the act no longer holds.
  if (tree.relation(trigger) === 'xcomp' && CESSATION_VERBS.has(ctx.lemma(tree.head(trigger)))) negated = !negated;
  let modality: CodedEvent['modality'] = 'asserted';
  let attributedTo: ActorRef | undefined;
  // Walk up: auxiliaries of each clause, controlling verbs, and speech verbs above.
  let node = trigger;
  for (let steps = 0; node >= 0 && steps < 12; steps++) {
    const auxiliaries = tree.childrenBy(node, 'aux').map((c) => ctx.lemma(c));
    if (modality === 'asserted') {
      if (auxiliaries.some((a) => HYPOTHETICAL_AUX.has(a)) || tree.childrenBy(node, 'mark').some((m) => ctx.lemma(m) === 'if')) modality = 'hypothetical';
      else if (auxiliaries.some((a) => FUTURE_AUX.has(a))) modality = 'future';
    }
    const relation = tree.relation(node);
    const head = tree.head(node);
    if (head < 0) break;
    if (relation === 'xcomp' && FUTURE_CONTROLLERS.has(ctx.lemma(head)) && modality === 'asserted') modality = 'future';
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
  return { modality, negated, ...(attributedTo ? { attributedTo } : {}) };
}

function argumentsOfVerb(ctx: SentenceContext, entry: DictionaryEntry, trigger: number, tokens: number[]): { source: ActorRef[]; target: ActorRef[] } {
  const { tree } = ctx;
  const { active, passive } = subjectsOf(ctx, trigger);
  const source: ActorRef[] = [];
  const target: ActorRef[] = [];
  for (const s of active) source.push(...actorsAt(ctx, s, tokens));
  for (const p of passive) target.push(...actorsAt(ctx, p, tokens));
  const targetPrepositions = new Set(entry.targetPrepositions.length > 0 ? entry.targetPrepositions : DEFAULT_TARGET_PREPOSITIONS);
  for (const child of tree.children(trigger)) {
    const relation = tree.relation(child);
    if (relation === 'obj' || relation === 'iobj') {
      if (entry.object?.includes(ctx.lemma(child))) {
        // "imposed sanctions on Iran": the target hangs off the object.
        for (const n of tree.childrenBy(child, 'nmod')) if (hasCase(ctx, n, targetPrepositions)) target.push(...actorsAt(ctx, n, tokens));
        continue;
      }
      target.push(...actorsAt(ctx, child, tokens));
    } else if (relation === 'obl' || relation === 'nmod') {
      const preposition = hasCase(ctx, child, new Set(['by', ...targetPrepositions, 'of', 'from']));
      if (preposition === 'by' && passive.length > 0) source.push(...actorsAt(ctx, child, tokens));
      else if (preposition === 'by' && tree.deprel(child) === 'obl:agent') source.push(...actorsAt(ctx, child, tokens));
      else if (preposition && targetPrepositions.has(preposition)) target.push(...actorsAt(ctx, child, tokens));
    }
  }
  if (target.length === 0) target.push(...targetsInComplement(ctx, trigger, targetPrepositions, tokens));
  return { source, target: target.filter((t) => !source.some((s) => s.entity !== undefined && s.entity === t.entity)) };
}

/**
 * Targets named inside the trigger's complement when the trigger itself has none:
 * "warned that Washington's plan would ruin ..." (the subject of the content clause),
 * "reaffirmed its readiness to provide the Palestinians with assistance" (the object of the intended act).
 */
function targetsInComplement(ctx: SentenceContext, trigger: number, targetPrepositions: ReadonlySet<string>, tokens: number[]): ActorRef[] {
  const { tree } = ctx;
  const queue: Array<{ node: number; depth: number }> = tree.childrenBy(trigger, 'ccomp', 'xcomp', 'obj').map((node) => ({ node, depth: 0 }));
  while (queue.length > 0) {
    const { node, depth } = queue.shift()!;
    const relation = tree.relation(node);
    if (relation === 'ccomp') {
      const subjects = tree.childrenBy(node, 'nsubj');
      const found = subjects.flatMap((s) => actorsAt(ctx, s, tokens));
      if (found.length > 0) return found;
    }
    if (relation === 'xcomp' || relation === 'acl' || relation === 'ccomp') {
      for (const child of tree.children(node)) {
        const r = tree.relation(child);
        if (r === 'obj' || r === 'iobj' || ((r === 'obl' || r === 'nmod') && hasCase(ctx, child, targetPrepositions))) {
          const found = actorsAt(ctx, child, tokens);
          if (found.length > 0) return found;
        }
      }
    }
    if (depth < 2) for (const child of tree.childrenBy(node, 'xcomp', 'acl', 'ccomp')) queue.push({ node: child, depth: depth + 1 });
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
    const { active } = subjectsOf(ctx, head);
    for (const s of active) (under ? target : source).push(...actorsAt(ctx, s, tokens));
    for (const child of tree.children(head)) {
      if (child === trigger || (tree.relation(child) !== 'obl' && tree.relation(child) !== 'nmod')) continue;
      const preposition = hasCase(ctx, child, targetPrepositions);
      if (preposition) target.push(...actorsAt(ctx, child, tokens));
    }
  } else if (tree.childrenBy(trigger, 'cop').length > 0 || hasCase(ctx, trigger, ['under'])) {
    // "Gaza has been under a siege": the copular subject suffers it.
    for (const s of tree.childrenBy(trigger, 'nsubj')) target.push(...actorsAt(ctx, s, tokens));
  } else if (tree.relation(trigger) === 'nsubj') {
    // "The talks in Moscow come as ...": no actors beyond the noun phrase itself.
  }
  return { source, target, ...(lightVerb !== undefined ? { lightVerb } : {}) };
}

/** Finds the events of one sentence. */
export function codeSentence(article: Article, index: number, mentions: MentionAt[], knowledge: EventKnowledge): CodedEvent[] {
  const sentence = article.sentences[index]!;
  if (sentence.tokens.length === 0 || sentence.tokens[0]!.head === null) return [];
  const tree = buildTree(sentence);
  const lemmas = sentence.tokens.map((t) => t.lemma.toLowerCase());
  const ctx: SentenceContext = {
    article,
    sentence,
    index,
    tree,
    mentions,
    knowledge,
    lemma: (i) => lemmas[i] ?? '',
    word: (i) => {
      const span = sentence.tokens[i]?.span;
      return span ? article.text.slice(span.start, span.end) : '';
    },
  };
  const events: CodedEvent[] = [];
  const used = new Set<number>();
  for (let i = 0; i < sentence.tokens.length; i++) {
    const token = sentence.tokens[i]!;
    const entries = knowledge.triggers.get(lemmas[i]!);
    if (!entries || used.has(i)) continue;
    // Participles used as adjectives ("occupied Jerusalem", "the besieged town") describe a state, not an event here.
    const isVerb = token.pos === 'VERB' && tree.relation(i) !== 'amod';
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
      const { modality, negated, attributedTo } = modalityOf(ctx, flagsAt);
      let reciprocal = entry.reciprocal;
      if (reciprocal && target.length === 0 && source.length >= 2) target = [...source];
      reciprocal = reciprocal && source.length > 0 && target.length > 0;
      const specific = [entry.particle && 'particle', entry.preposition && 'prep', entry.object && 'object', entry.complement && 'complement'].filter(Boolean).join('+');
      events.push({
        entry,
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
        rule: `events:${entry.pos === 'VERB' ? 'verb' : 'noun'}:${entry.lemma}${specific ? `:${specific}` : ''}`,
        tree,
      });
      for (const e of extra) used.add(e);
      break;
    }
  }
  return events;
}
