/**
 * Times: every time expression with a TIMEX3-style normalised value (ISO 8601, X placeholders,
 * PRESENT_REF/PAST_REF/FUTURE_REF, durations, sets).
 *
 * Candidates come from chrono-node (calendar dates, clock times) and from our own rules (years,
 * decades, intervals, weekdays and months by tense, quarters, durations, ...); overlapping
 * candidates are settled longest-first. Relative expressions resolve against the publication
 * date (`anchor: 'published'`); without one they stay unresolved (`anchor: 'none'`,
 * `resolved: false`, X placeholders) — never against today's date.
 */
import type { Article, Sentence, TimeExpression, Token } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import { parseDay } from './calendar.js';
import { chronoCandidates } from './chrono.js';
import type { Candidate, ResolveContext } from './resolve.js';
import { applyRules, type RuleText } from './rules.js';
import { tenseAt, type Tense } from './tense.js';

interface IndexedToken {
  token: Token;
  sentence: number;
}

function indexTokens(sentences: readonly Sentence[]): IndexedToken[] {
  const out: IndexedToken[] = [];
  sentences.forEach((sentence, index) => {
    for (const token of sentence.tokens) out.push({ token, sentence: index });
  });
  return out;
}

/** Index of the first token whose end is after `offset`. */
function firstEndingAfter(tokens: readonly IndexedToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.token.span.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keeps the longest candidates that do not overlap (ties: higher priority, then earlier). */
export function selectCandidates(candidates: readonly Candidate[]): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start,
  );
  const chosen: Candidate[] = [];
  for (const c of ordered) {
    if (chosen.some((o) => o.start < c.end && c.start < o.end)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Finds and resolves the time expressions of `text` (already normalised and segmented). */
export function findTimes(text: string, sentences: readonly Sentence[], published: string | null): TimeExpression[] {
  const tokens = indexTokens(sentences);
  const at: RuleText = {
    text,
    tokenAt(offset) {
      const i = firstEndingAfter(tokens, offset);
      const found = tokens[i];
      return found && found.token.span.start <= offset ? found.token : undefined;
    },
    tokenAfter(offset) {
      let i = firstEndingAfter(tokens, offset);
      while (i < tokens.length && tokens[i]!.token.span.start < offset) i++;
      return tokens[i]?.token;
    },
  };
  const ref = parseDay(published);
  const candidates = [...applyRules(at), ...chronoCandidates({ text, ref, tokenAt: at.tokenAt, sentences: sentences.map((sentence) => sentence.span) })];
  const chosen = selectCandidates(candidates);
  const times: TimeExpression[] = [];
  const sentenceIndex: number[] = [];
  for (const c of chosen) {
    const index = tokens[firstEndingAfter(tokens, c.start)]?.sentence ?? -1;
    let tense: Tense | undefined;
    const sentenceOf = (): Sentence | undefined => {
      const i = firstEndingAfter(tokens, c.start);
      return tokens[i] ? sentences[tokens[i]!.sentence] : undefined;
    };
    const context: ResolveContext = {
      ref,
      text,
      published,
      tense() {
        tense ??= tenseAt(text, sentenceOf(), c.start, c.end);
        return tense;
      },
      sentenceText() {
        const sentence = sentenceOf();
        return sentence ? text.slice(sentence.span.start, sentence.span.end) : text.slice(Math.max(0, c.start - 200), c.end + 200);
      },
      previous(accept) {
        for (let i = times.length - 1; i >= 0 && sentenceIndex[i]! >= index - 2; i--) {
          const time = times[i]!;
          if ((time.type === 'DATE' || time.type === 'TIME') && (!accept || accept(time))) return time;
        }
        return undefined;
      },
    };
    const resolution = c.resolve(context);
    times.push({
      id: `t${times.length + 1}`,
      span: { start: c.start, end: c.end },
      text: text.slice(c.start, c.end),
      type: c.type,
      value: resolution.value,
      precision: resolution.precision,
      anchor: resolution.anchor,
      resolved: resolution.resolved,
      ...(resolution.interval ? { interval: resolution.interval } : {}),
      rule: c.rule,
    });
    sentenceIndex.push(index);
  }
  return times;
}

export const timesStage: Stage = {
  name: 'times',
  run(article: Article, context: StageContext): void {
    if (context.published !== null && parseDay(context.published) === null) {
      context.diagnostics.warn('TIMES_BAD_PUBLISHED', `publication date ${JSON.stringify(context.published)} is not a valid date; relative dates left unresolved`);
    }
    article.times = findTimes(article.text, article.sentences, context.published);
    const unresolved = article.times.filter((t) => !t.resolved).length;
    if (unresolved > 0 && context.published === null) {
      context.diagnostics.info('TIMES_UNRESOLVED', `${unresolved} relative time expressions left unresolved: no publication date`);
    }
  },
};
