/**
 * Dateline: recognises the place (and agency, and date) that opens a news article —
 * "MOSCOW (Reuters) -", "WASHINGTON, Jan. 5 —", "GAZA CITY, Gaza Strip (AP) —", "Moscow:A delegation" —
 * without touching the text: the glued first word keeps its offsets. An all-caps place is taken as
 * it is; a Title Case one only when the gazetteer knows it as a place, so "Officials said: ..." is not a dateline.
 */
import type { Article } from '../../core/record.js';
import type { Stage, StageContext } from '../../pipeline/stage.js';
import { surfaceKey } from '../06-entities/knowledge.js';

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const CAPS_PLACE = String.raw`[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}`;
const TITLE_PLACE = String.raw`[A-Z][\p{Ll}'.\-]+(?: [A-Z][\p{Ll}'.\-]+){0,3}`;
const REGION = String.raw`[A-Z][\p{L}'.\-]+(?: [A-Z][\p{L}'.\-]+){0,3}`;
const DATE = String.raw`${MONTH} \d{1,2}(?:, \d{4})?`;
const OUTLET = String.raw`\((?<outlet>[A-Z][\p{L}&/ .\-]{0,40})\)`;
const SEPARATOR = String.raw`(?<separator>\s*(?:[\-\u2013\u2014]+|:)\s*|\s+\u2014\s*)`;

function pattern(place: string): RegExp {
  return new RegExp(
    String.raw`^(?<place>${place})(?:, (?<region>${REGION}))??(?:,? (?<date>${DATE}))?(?: ?${OUTLET})?${SEPARATOR}(?=\S)`,
    'u',
  );
}

const CAPS = pattern(CAPS_PLACE);
const TITLE = pattern(TITLE_PLACE);

export const datelineStage: Stage = {
  name: 'dateline',
  run(article: Article, context: StageContext): void {
    const first = article.paragraphs[0];
    if (!first) return;
    const opening = article.text.slice(first.start, Math.min(first.end, first.start + 160));
    let match = CAPS.exec(opening);
    if (match && !/[a-z]/.test(match.groups!.place!) && match.groups!.place!.replace(/[^A-Z]/g, '').length >= 2) {
      // An all-caps place: a dateline by its form.
    } else {
      match = TITLE.exec(opening);
      if (!match || !isKnownPlace(match.groups!.place!, context)) return;
    }
    const groups = match.groups!;
    const place = groups.place!;
    const text = match[0].replace(/\s+$/u, '');
    const dateAt = groups.date ? opening.indexOf(groups.date, place.length) : -1;
    article.dateline = {
      span: { start: first.start, end: first.start + text.length },
      text,
      place: { name: place, span: { start: first.start, end: first.start + place.length } },
      ...(groups.outlet ? { outlet: groups.outlet.trim() } : {}),
      ...(groups.date && dateAt >= 0 ? { date: { text: groups.date, span: { start: first.start + dateAt, end: first.start + dateAt + groups.date.length } } } : {}),
    };
  },
};

function isKnownPlace(name: string, context: StageContext): boolean {
  const ids = context.resources.knowledge.names.get(surfaceKey(name)) ?? [];
  return ids.some((id) => {
    const entry = context.resources.knowledge.entries.get(id);
    return entry !== undefined && (entry.type === 'GPE' || entry.type === 'LOC');
  });
}
