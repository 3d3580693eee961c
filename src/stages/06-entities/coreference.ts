/**
 * Coreference of pronouns and group nouns, over the parse: "he/his" → the nearest person before,
 * "it/its" → the nearest organisation or country before (subjects first: "The Russian embassy ...
 * said ... It also noted"), "they/their", "the pair", "the two", "both sides" → the last
 * coordinated group ("Bogdanov and Mousa Abu Marzook"). Each resolved word becomes a mention
 * (kind `pronoun` or `nominal`) of the entities it refers to; nothing is guessed when no candidate
 * is near (three sentences back at most).
 */
import type { Article, Entity, Mention } from '../../core/record.js';
import { buildTree, type Tree } from '../../core/tree.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';

const PERSON_PRONOUNS = new Set(['he', 'him', 'his', 'she', 'her', 'hers', 'himself', 'herself']);
const THING_PRONOUNS = new Set(['it', 'its', 'itself']);
const PLURAL_PRONOUNS = new Set(['they', 'them', 'their', 'theirs', 'themselves']);
/** "the pair", "the two", "both sides", "the two sides", "both". */
const GROUP_NOUNS = new Set(['pair', 'two', 'both', 'sides', 'duo']);
const ACTOR_TYPES = new Set(['PERSON', 'ORG', 'GPE']);
const LOOKBACK_SENTENCES = 3;

interface Placed {
  entity: Entity;
  start: number;
  end: number;
  sentence: number;
  /** Token index of the mention's last token in its sentence. */
  token: number;
}

function sentenceOf(article: Article, offset: number): number {
  let lo = 0;
  let hi = article.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (article.sentences[mid]!.span.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function resolveCoreference(article: Article): void {
  if (article.sentences.length === 0 || article.sentences.every((s) => s.tokens[0]?.head === null)) return;
  const trees = new Map<number, Tree>();
  const treeOf = (s: number): Tree => {
    let tree = trees.get(s);
    if (!tree) trees.set(s, (tree = buildTree(article.sentences[s]!)));
    return tree;
  };
  // Name-like mentions of actors, in text order, placed on their sentence's tokens.
  const placed: Placed[] = [];
  for (const entity of article.entities) {
    if (!ACTOR_TYPES.has(entity.type)) continue;
    for (const mention of entity.mentions) {
      if (mention.kind === 'pronoun') continue;
      if (article.dateline && mention.span.start < article.dateline.span.end && mention.span.end > article.dateline.span.start) continue;
      const sentence = sentenceOf(article, mention.span.start);
      const tokens = article.sentences[sentence]!.tokens;
      // The mention's head: its token whose head lies outside it ("Mousa" in a flat "Mousa Abu Marzook").
      let token = -1;
      for (let i = 0; i < tokens.length && token < 0; i++) {
        const t = tokens[i]!;
        if (t.span.start < mention.span.start || t.span.end > mention.span.end) continue;
        const head = t.head ?? -1;
        if (head < 0 || tokens[head]!.span.start < mention.span.start || tokens[head]!.span.end > mention.span.end) token = i;
      }
      if (token < 0) continue;
      placed.push({ entity, start: mention.span.start, end: mention.span.end, sentence, token });
    }
  }
  placed.sort((a, b) => a.start - b.start);
  // A name nested in a longer one ("Tel Aviv" in "the Russian embassy in Tel Aviv") is not a referent of its own.
  for (let k = placed.length - 1; k >= 0; k--) {
    const p = placed[k]!;
    if (placed.some((q) => q !== p && q.start <= p.start && p.end <= q.end && q.end - q.start > p.end - p.start)) placed.splice(k, 1);
  }
  const isSubject = (p: Placed): boolean => {
    const tree = treeOf(p.sentence);
    const relation = tree.relation(p.token);
    if (relation === 'nsubj') return true;
    // "The Russian embassy ... said" where only part of the subject phrase is a name.
    if (relation === 'nmod' || relation === 'compound' || relation === 'amod') {
      for (let node = tree.head(p.token); node >= 0; node = tree.head(node)) {
        if (tree.relation(node) === 'nsubj') return true;
        if (tree.relation(node) !== 'nmod' && tree.relation(node) !== 'compound') break;
      }
    }
    return false;
  };
  /** Coordinated groups: mentions whose head tokens are joined by `conj`. */
  const groupsBefore = (offset: number, sentence: number): Placed[][] => {
    const groups: Placed[][] = [];
    for (let s = sentence; s >= 0 && s >= sentence - LOOKBACK_SENTENCES; s--) {
      const tree = treeOf(s);
      const here = placed.filter((p) => p.sentence === s && p.end <= offset);
      for (const p of here) {
        const partners = here.filter((q) => q !== p && tree.head(q.token) === p.token && tree.relation(q.token) === 'conj');
        if (partners.length > 0) groups.push([p, ...partners]);
      }
      if (groups.length > 0) return groups;
    }
    return groups;
  };

  const added: Array<{ entity: Entity; mention: Mention }> = [];
  article.sentences.forEach((sentence, s) => {
    const tree = treeOf(s);
    sentence.tokens.forEach((token, i) => {
      const word = article.text.slice(token.span.start, token.span.end);
      const lower = word.toLowerCase();
      let referents: Placed[] = [];
      let kind: Mention['kind'] = 'pronoun';
      let span = token.span;
      let rule = '';
      // Only pronouns and group nouns look back; computed for those alone (this loop visits every token).
      const before = (): Placed[] => placed.filter((p) => p.end <= token.span.start && p.sentence >= s - LOOKBACK_SENTENCES);
      if (token.pos === 'PRON' && PERSON_PRONOUNS.has(lower)) {
        const person = before().reverse().find((p) => p.entity.type === 'PERSON');
        if (person) referents = [person];
        rule = 'coreference:person-pronoun';
      } else if (token.pos === 'PRON' && THING_PRONOUNS.has(lower)) {
        if (tree.relation(i) === 'expl') return; // "it is expected that ..."
        const candidates = before().filter((p) => p.entity.type !== 'PERSON');
        const subjects = candidates.filter(isSubject);
        const sameSentence = [...candidates].reverse().find((p) => p.sentence === s);
        const subjectEarlier = [...subjects].reverse().find((p) => p.sentence < s);
        const chosen = sameSentence ?? subjectEarlier ?? candidates[candidates.length - 1];
        if (chosen) referents = [chosen];
        rule = 'coreference:it-salient-subject';
      } else if ((token.pos === 'PRON' && PLURAL_PRONOUNS.has(lower)) || (GROUP_NOUNS.has(lower) && (tree.relation(i) === 'nsubj' || tree.relation(i) === 'nsubj:pass' || tree.relation(i) === 'obj'))) {
        const groups = groupsBefore(token.span.start, s);
        const group = groups[groups.length - 1];
        if (!group) return;
        referents = group;
        if (!PLURAL_PRONOUNS.has(lower)) {
          // "the pair", "both sides": the whole noun phrase is the mention.
          const { first, last } = tree.extent(i, new Set(['acl', 'acl:relcl', 'conj', 'cc', 'punct', 'appos']));
          span = { start: sentence.tokens[first]!.span.start, end: sentence.tokens[last]!.span.end };
          kind = 'nominal';
        }
        rule = PLURAL_PRONOUNS.has(lower) ? 'coreference:plural-pronoun-group' : 'coreference:group-noun';
      } else return;
      for (const referent of referents) {
        added.push({ entity: referent.entity, mention: { span, text: article.text.slice(span.start, span.end), kind, rule } });
      }
    });
  });
  for (const { entity, mention } of added) {
    if (!entity.mentions.some((m) => m.span.start === mention.span.start && m.span.end === mention.span.end)) entity.mentions.push(mention);
  }
  for (const entity of article.entities) entity.mentions.sort((a, b) => a.span.start - b.span.start);
}

export const coreferenceStage: Stage = {
  name: 'coreference',
  run(article: Article, _context: StageContext): void {
    resolveCoreference(article);
  },
};
