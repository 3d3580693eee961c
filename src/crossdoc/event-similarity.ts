/**
 * Whether an event mention reports the same real-world event as another mention, and how sure we
 * are: compares type (PLOVER type or CAMEO root), actors (canonical across articles; an unknown side
 * is neither for nor against), dates (same day; a window when one side is only the publication day
 * or a coarse month/year), places, negation and modality. Pure: no database. Every comparison says
 * which features decided it, so a merge can be explained. It must not merge mentions whose known
 * actors, days or places disagree.
 */

/** What clustering knows of one event mention. */
export interface MentionFeatures {
  articleId: string;
  localId: string;
  /** Sentence of the article the mention is in. */
  sentence: number;
  type: string;
  cameo: string;
  /** Canonical actor id, or actor code, of the first source / target; null when unknown. */
  source: string | null;
  target: string | null;
  reciprocal: boolean;
  place: string | null;
  /** ISO date, month or year: the linked time, else the publication day; null when neither. */
  date: string | null;
  /** True when the date comes from the text, false when it is the publication day. */
  dated: boolean;
  negated: boolean;
  modality: string;
}

/** One feature's verdict. */
export interface FeatureVerdict {
  feature: 'type' | 'actors' | 'date' | 'place' | 'polarity';
  score: number;
  note: string;
}

export interface MentionComparison {
  /** False when a feature rules the merge out (then `score` is 0). */
  compatible: boolean;
  score: number;
  /** Actor sides known on both mentions and equal. */
  actorMatches: number;
  verdicts: FeatureVerdict[];
}

/** Days an undated mention's publication day may be from the other mention's date. */
export const UNDATED_WINDOW_DAYS = 3;
/** The score a mention needs to join an event (type 1 + one actor 1 + same day 1 = 3). */
export const JOIN_THRESHOLD = 2.4;

const DAY = 86_400_000;

function dayNumber(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const time = Date.parse(date + 'T00:00:00Z');
  return Number.isNaN(time) ? null : Math.round(time / DAY);
}

function compareDates(a: MentionFeatures, b: MentionFeatures): FeatureVerdict | null {
  if (a.date === null || b.date === null) {
    return a.articleId === b.articleId ? { feature: 'date', score: 0.5, note: 'no date; same article' } : null;
  }
  if (a.date === b.date) return { feature: 'date', score: a.date.length === 10 ? 1 : 0.6, note: `same ${a.date.length === 10 ? 'day' : 'period'} ${a.date}` };
  const dayA = dayNumber(a.date);
  const dayB = dayNumber(b.date);
  if (dayA !== null && dayB !== null) {
    const apart = Math.abs(dayA - dayB);
    if ((!a.dated || !b.dated) && apart <= UNDATED_WINDOW_DAYS) {
      return { feature: 'date', score: 0.8 - 0.15 * apart, note: `${apart} day(s) apart (${a.date}, ${b.date}), one only the publication day` };
    }
    return null;
  }
  // A month or a year against a day or another period: compatible when one contains the other.
  const [short, long] = a.date.length <= b.date.length ? [a.date, b.date] : [b.date, a.date];
  if (long.startsWith(short)) return { feature: 'date', score: 0.4, note: `${long} lies in ${short}` };
  return null;
}

const modalityClass = (modality: string): string => (modality === 'reported' ? 'asserted' : modality);

/** Compares two mentions feature by feature (see the module comment). */
export function compareMentions(a: MentionFeatures, b: MentionFeatures): MentionComparison {
  const verdicts: FeatureVerdict[] = [];
  const refuse = (feature: FeatureVerdict['feature'], note: string): MentionComparison => ({
    compatible: false,
    score: 0,
    actorMatches: 0,
    verdicts: [...verdicts, { feature, score: 0, note }],
  });

  // Two events coded in one sentence are two events: the pipeline already told them apart.
  if (a.articleId === b.articleId && a.sentence === b.sentence) return refuse('type', `two events of one sentence (${a.localId}, ${b.localId})`);
  // Within one article, statements are each their own (a speaker "announced" several things), and other events must have one CAMEO code.
  if (a.articleId === b.articleId && (a.cameo.startsWith('01') || a.cameo !== b.cameo)) {
    return refuse('type', a.cameo.startsWith('01') ? `two statements of one article (${a.localId}, ${b.localId})` : `one article, CAMEO codes differ (${a.cameo}, ${b.cameo})`);
  }
  if (a.cameo === b.cameo) verdicts.push({ feature: 'type', score: 1, note: `same CAMEO ${a.cameo} (${a.type})` });
  else if (a.type === b.type) verdicts.push({ feature: 'type', score: 0.7, note: `same type ${a.type} (CAMEO ${a.cameo}, ${b.cameo})` });
  else if (a.cameo.slice(0, 2) === b.cameo.slice(0, 2)) verdicts.push({ feature: 'type', score: 0.6, note: `same CAMEO root ${a.cameo.slice(0, 2)}` });
  else return refuse('type', `types differ (${a.type} ${a.cameo}, ${b.type} ${b.cameo})`);

  if (a.negated !== b.negated || modalityClass(a.modality) !== modalityClass(b.modality)) {
    return refuse('polarity', `negation or modality differ (${a.negated ? 'negated ' : ''}${a.modality}, ${b.negated ? 'negated ' : ''}${b.modality})`);
  }

  // Actors: side by side, or as a set when either mention is reciprocal ("met", "held talks").
  let actorMatches = 0;
  if (a.reciprocal || b.reciprocal) {
    const sidesA = [a.source, a.target].filter((x): x is string => x !== null);
    const sidesB = [b.source, b.target].filter((x): x is string => x !== null);
    const shared = sidesA.filter((x) => sidesB.includes(x));
    const onlyA = sidesA.filter((x) => !sidesB.includes(x));
    const onlyB = sidesB.filter((x) => !sidesA.includes(x));
    if (onlyA.length > 0 && onlyB.length > 0 && sidesA.length + sidesB.length - shared.length > 2) {
      return refuse('actors', `participants differ ({${sidesA.join(', ')}}, {${sidesB.join(', ')}})`);
    }
    actorMatches = shared.length;
    verdicts.push({ feature: 'actors', score: shared.length, note: shared.length > 0 ? `shared participants ${shared.join(', ')}` : 'no participant known on both' });
  } else {
    const notes: string[] = [];
    for (const [side, x, y] of [['source', a.source, b.source], ['target', a.target, b.target]] as const) {
      if (x !== null && y !== null) {
        if (x !== y) return refuse('actors', `${side}s differ (${x}, ${y})`);
        actorMatches++;
        notes.push(`same ${side} ${x}`);
      } else notes.push(`${side} unknown on ${x === null && y === null ? 'both' : 'one'}`);
    }
    verdicts.push({ feature: 'actors', score: actorMatches, note: notes.join('; ') });
  }

  const date = compareDates(a, b);
  if (!date) return refuse('date', `dates incompatible (${a.date ?? 'none'}${a.dated ? '' : ' published'}, ${b.date ?? 'none'}${b.dated ? '' : ' published'})`);
  verdicts.push(date);

  if (a.place !== null && b.place !== null) {
    if (a.place === b.place) verdicts.push({ feature: 'place', score: 0.5, note: `same place ${a.place}` });
    else if (a.place.startsWith('country:') || b.place.startsWith('country:')) verdicts.push({ feature: 'place', score: 0, note: `places ${a.place}, ${b.place} (a country and a place that may lie in it)` });
    else return refuse('place', `places differ (${a.place}, ${b.place})`);
  }

  const score = Math.round(verdicts.reduce((sum, verdict) => sum + verdict.score, 0) * 1000) / 1000;
  return { compatible: true, score, actorMatches, verdicts };
}

/** A candidate event: its id and the mentions it holds. */
export interface CandidateEvent {
  id: string;
  mentions: MentionFeatures[];
}

export interface JoinDecision {
  /** The event joined, or null to start a new one. */
  event: string | null;
  score: number;
  /** The mention of the joined event that matched best, and the verdicts of that comparison. */
  matched: { articleId: string; localId: string } | null;
  verdicts: FeatureVerdict[];
  /** Candidates looked at and why the best refused ones did not fit (at most three). */
  considered: number;
  refused: string[];
}

/**
 * Picks the event a mention joins: every mention of the event must be compatible (no chaining
 * through a middle mention), the best-matching one scores the event, at least one actor side must
 * match, and the score must reach `JOIN_THRESHOLD`. Ties go to the smallest event id.
 */
export function chooseEvent(mention: MentionFeatures, candidates: readonly CandidateEvent[]): JoinDecision {
  let best: JoinDecision = { event: null, score: 0, matched: null, verdicts: [], considered: candidates.length, refused: [] };
  const refused: string[] = [];
  const sorted = [...candidates].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (const candidate of sorted) {
    let top: { comparison: MentionComparison; with: MentionFeatures } | null = null;
    let blocked: string | null = null;
    for (const other of candidate.mentions) {
      const comparison = compareMentions(mention, other);
      if (!comparison.compatible) {
        blocked = comparison.verdicts.at(-1)!.note;
        break;
      }
      if (!top || comparison.score > top.comparison.score) top = { comparison, with: other };
    }
    if (blocked || !top) {
      if (blocked) refused.push(`${candidate.id}: ${blocked}`);
      continue;
    }
    const { comparison } = top;
    if (comparison.actorMatches === 0 || comparison.score < JOIN_THRESHOLD) {
      refused.push(`${candidate.id}: score ${comparison.score}${comparison.actorMatches === 0 ? ', no actor known on both' : ''} below ${JOIN_THRESHOLD}`);
      continue;
    }
    if (comparison.score > best.score) {
      best = { event: candidate.id, score: comparison.score, matched: { articleId: top.with.articleId, localId: top.with.localId }, verdicts: comparison.verdicts, considered: candidates.length, refused: [] };
    }
  }
  best.refused = refused.slice(0, 3);
  return best;
}
