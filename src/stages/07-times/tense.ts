/**
 * Tense of the clause around a time expression, from POS tags and nearby words (the dependency
 * parse is not available yet). Used to choose between the last and the next "Tuesday", "March" or
 * "Jan. 5" when the text does not say.
 */
import type { Sentence, Token } from '../../core/record.js';

export type Tense = 'past' | 'present' | 'future' | 'none';

const FUTURE_AUX = new Set(['will', "'ll", '’ll', 'shall', 'wo']);
const PAST_AUX = new Set(['was', 'were', 'had', 'did', "'d"]);
const PRESENT_AUX = new Set(['is', 'are', 'am', "'s", '’s', "'re", '’re', 'does', 'do', 'can', 'may', 'must']);
/**
 * Modals of expectation or possibility: without a perfect "have" they look ahead ("should be
 * completed in October", "may take place in March"); with one they look back ("may have happened").
 */
const PROSPECTIVE_MODALS = new Set(['should', 'might', 'may', 'ought']);
const PERFECT_AUX = new Set(['has', 'have', "'ve", '’ve']);
/** Words before "to" that make the infinitive a plan: "plans to meet on Friday". */
const PLAN_WORDS = new Set([
  'plan', 'plans', 'planned', 'planning', 'expected', 'expect', 'expects', 'due', 'scheduled', 'set', 'going', 'intend', 'intends',
  'aim', 'aims', 'hope', 'hopes', 'want', 'wants', 'prepare', 'prepares', 'preparing', 'ready', 'likely', 'is', 'are', 'slated', 'poised',
]);
/** Participles that read as future on their own: "the meeting is scheduled for Friday". */
const FUTURE_PARTICIPLES = new Set(['scheduled', 'expected', 'due', 'slated', 'set', 'planned']);

function lower(text: string, token: Token): string {
  return text.slice(token.span.start, token.span.end).toLowerCase();
}

function isVerbal(token: Token): boolean {
  return token.pos === 'VERB' || token.pos === 'AUX';
}

/** Tense of the verb group ending at `index` (the verb) in `tokens`. */
function groupTense(text: string, tokens: readonly Token[], index: number): Tense {
  const verb = tokens[index]!;
  const word = lower(text, verb);
  // Collect the auxiliaries before the verb (skipping adverbs and "not").
  const aux: string[] = [];
  for (let i = index - 1; i >= 0 && i >= index - 5; i--) {
    const token = tokens[i]!;
    if (token.pos === 'AUX' || (token.pos === 'VERB' && PAST_AUX.has(lower(text, token)))) aux.push(lower(text, token));
    else if (token.pos === 'ADV' || token.pos === 'PART') continue;
    else break;
  }
  // "is to meet", "plans to meet", "going to meet"
  const before = index >= 2 ? lower(text, tokens[index - 1]!) : '';
  if (before === 'to' && index >= 2 && PLAN_WORDS.has(lower(text, tokens[index - 2]!))) return 'future';
  // "to be published in early November": an infinitive has no tense of its own, unless planned ("is expected to be held").
  const chainStart = index - aux.length - 1;
  if (aux.length > 0 && chainStart >= 0 && lower(text, tokens[chainStart]!) === 'to') {
    return chainStart >= 1 && PLAN_WORDS.has(lower(text, tokens[chainStart - 1]!)) ? 'future' : 'none';
  }
  for (const a of aux) {
    if (FUTURE_AUX.has(a)) return 'future';
    if (a === 'would' || a === "'d") return aux.length > 1 && aux.includes('have') ? 'past' : 'future';
    if (PROSPECTIVE_MODALS.has(a)) return aux.includes('have') || aux.includes("'ve") || aux.includes('’ve') ? 'past' : 'future';
  }
  if (FUTURE_AUX.has(word)) return 'future';
  if (FUTURE_PARTICIPLES.has(word) && aux.length > 0) return 'future';
  for (const a of aux) {
    if (PAST_AUX.has(a)) return 'past';
    if (PERFECT_AUX.has(a)) return 'past';
  }
  if (aux.some((a) => PRESENT_AUX.has(a))) return 'present';
  if (PAST_AUX.has(word) || word === 'did') return 'past';
  if (PRESENT_AUX.has(word) || PERFECT_AUX.has(word)) return 'present';
  if (verb.pos === 'AUX') return 'none';
  if (word.endsWith('ing')) return 'none';
  if (word.endsWith('s') && verb.lemma !== word) return 'present';
  if (verb.lemma !== word || word.endsWith('ed')) {
    // A bare participle right after "to" is not a past: "to be held"
    if (before === 'to') return 'none';
    return 'past';
  }
  return 'present';
}

/**
 * The tense governing the expression at `[start, end)`: the nearest verb group in the sentence
 * (left side preferred on ties), skipping verbs inside the expression.
 */
export function tenseAt(text: string, sentence: Sentence | undefined, start: number, end: number): Tense {
  if (!sentence) return 'none';
  const tokens = sentence.tokens;
  let first = tokens.findIndex((t) => t.span.end > start);
  if (first < 0) first = tokens.length;
  let last = first;
  while (last < tokens.length && tokens[last]!.span.start < end) last++;
  // Nearby cue words.
  for (let i = Math.max(0, first - 3); i < first; i++) {
    const word = lower(text, tokens[i]!);
    if (word === 'until' || word === 'till') return 'future';
  }
  // With a parse, the verb the expression hangs from decides ("is expected to speak ... on Friday, an official said").
  const governing = governingVerb(tokens, first, last);
  if (governing !== undefined) return groupTense(text, tokens, governing);
  let best: { index: number; distance: number } | null = null;
  for (let i = 0; i < tokens.length; i++) {
    if (i >= first && i < last) continue;
    const token = tokens[i]!;
    if (!isVerbal(token)) continue;
    // Use the last verb of a verb group ("will meet", "has been held").
    let j = i;
    while (j + 1 < tokens.length && (j + 1 < first || j + 1 >= last) && isVerbal(tokens[j + 1]!)) j++;
    const distance = i < first ? first - j : i - last + 1;
    const adjusted = i < first ? distance : distance + 0.5;
    if (!best || adjusted < best.distance) best = { index: j, distance: adjusted };
    i = j;
  }
  if (!best) return 'none';
  return groupTense(text, tokens, best.index);
}

/** The verb governing the tokens `[first, last)` in the dependency parse, when the sentence is parsed. */
function governingVerb(tokens: readonly Token[], first: number, last: number): number | undefined {
  if (first >= tokens.length || tokens[first]!.head === null) return undefined;
  // The expression's own head: its token whose head lies outside it.
  let node = -1;
  for (let i = first; i < last && node < 0; i++) {
    const head = tokens[i]!.head ?? -1;
    if (head < first || head >= last) node = i;
  }
  for (let steps = 0; node >= 0 && steps < 6; steps++) {
    const head = tokens[node]!.head ?? -1;
    if (head < 0) return undefined;
    // Through a modifier of a noun ("a dividend payable Dec. 15", "the meeting on Tuesday") the clause's verb says little.
    if (steps > 0 && /^(acl|amod|appos|nmod)/.test(tokens[node]!.deprel ?? '')) return undefined;
    // A verb, or a predicate adjective or noun with its own auxiliaries ("will be available on June 17").
    if (isVerbal(tokens[head]!) || tokens.some((t) => t.head === head && /^(aux|cop)/.test(t.deprel ?? ''))) return head;
    node = head;
  }
  return undefined;
}
