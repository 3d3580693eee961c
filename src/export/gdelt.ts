/**
 * The events table as a GDELT 2.0 events-table-compatible TSV: the 61 columns of the GDELT 2.0 Event
 * codebook in their order, tab-separated, one event a line, no header line (as GDELT's files) unless
 * asked for. Tools written for GDELT's `*.export.CSV` files read it unchanged. Where Dateline knows
 * less than GDELT, the column is empty; where it names things differently, it says so here:
 *
 * - GlobalEventID: the first 13 hex digits of Dateline's event id as an integer (GDELT's ids are integers).
 * - Day / MonthYear / Year / FractionDate: from the event date; a month-only date leaves Day empty, an undated event all four.
 * - Actor codes: CAMEO actor codes (`RUSGOV`) split as GDELT does: CountryCode `RUS`, Type1–3 `GOV`…;
 *   country codes are ISO 3166-1 alpha-3 (GDELT's CAMEO country codes are mostly the same).
 * - Geo *_CountryCode: ISO 3166-1 alpha-3, where GDELT uses FIPS 10-4 two-letter codes (`RS` for Russia;
 *   we write `RUS`). ADM1 / ADM2 codes are empty; FeatureID is Dateline's entity id (`city:ankara`).
 *   Actor geo is the actor's own coordinates (a country or city actor), action geo the event's place.
 * - IsRootEvent: 1 when a report is its article's main event. AvgTone is empty (no per-event tone).
 * - NumMentions: reports of the event; NumArticles: distinct articles; NumSources: distinct outlets
 *   (the URL's host when an article names no outlet). DATEADDED: when the first report was stored
 *   (UTC, YYYYMMDDHHMMSS); SOURCEURL: the first report's canonical URL or URI.
 */
import type { EntityRow, EventReportRow, EventRow, Store } from '../store/store.js';

/** The GDELT 2.0 Event codebook's columns, in order. */
export const gdeltColumns = [
  'GlobalEventID', 'Day', 'MonthYear', 'Year', 'FractionDate',
  'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor1KnownGroupCode', 'Actor1EthnicCode', 'Actor1Religion1Code', 'Actor1Religion2Code', 'Actor1Type1Code', 'Actor1Type2Code', 'Actor1Type3Code',
  'Actor2Code', 'Actor2Name', 'Actor2CountryCode', 'Actor2KnownGroupCode', 'Actor2EthnicCode', 'Actor2Religion1Code', 'Actor2Religion2Code', 'Actor2Type1Code', 'Actor2Type2Code', 'Actor2Type3Code',
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumSources', 'NumArticles', 'AvgTone',
  'Actor1Geo_Type', 'Actor1Geo_FullName', 'Actor1Geo_CountryCode', 'Actor1Geo_ADM1Code', 'Actor1Geo_ADM2Code', 'Actor1Geo_Lat', 'Actor1Geo_Long', 'Actor1Geo_FeatureID',
  'Actor2Geo_Type', 'Actor2Geo_FullName', 'Actor2Geo_CountryCode', 'Actor2Geo_ADM1Code', 'Actor2Geo_ADM2Code', 'Actor2Geo_Lat', 'Actor2Geo_Long', 'Actor2Geo_FeatureID',
  'ActionGeo_Type', 'ActionGeo_FullName', 'ActionGeo_CountryCode', 'ActionGeo_ADM1Code', 'ActionGeo_ADM2Code', 'ActionGeo_Lat', 'ActionGeo_Long', 'ActionGeo_FeatureID',
  'DATEADDED', 'SOURCEURL',
] as const;

type Value = string | number | null | undefined;

/** GDELT's geo type: 1 country, 4 world city, 5 world state / region (3 US city and 2 US state are not told apart). */
function geoType(entity: EntityRow): number {
  if (entity.id.startsWith('country:')) return 1;
  if (entity.id.startsWith('city:')) return 4;
  return 5;
}

function geoColumns(entity: EntityRow | undefined): Value[] {
  if (!entity || entity.lat === null || entity.lon === null) return ['', '', '', '', '', '', '', ''];
  return [geoType(entity), entity.name, entity.country, '', '', entity.lat, entity.lon, entity.id];
}

/** A CAMEO actor code as GDELT's columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1, Religion2, Type1–3. */
function actorColumns(code: string | null, name: string | null, entity: EntityRow | undefined): Value[] {
  const country = entity?.country ?? (code && /^[A-Z]{3}/.test(code) && entity?.type === 'GPE' ? code.slice(0, 3) : null);
  const rest = code && country && code.startsWith(country) ? code.slice(country.length) : (code ?? '');
  const types = rest.match(/[A-Z]{3}/g) ?? [];
  return [code, name?.toUpperCase(), country, '', '', '', '', types[0], types[1], types[2]];
}

/** 2020-01-22 → day 20200122, month 202001, year 2020, fraction 2020.0658 (GDELT: year + (month·30 + day)/365). */
function dateColumns(date: string | null): Value[] {
  const match = date?.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/);
  if (!match || !match[2]) return ['', '', '', ''];
  const [, year, month, day] = match;
  const fraction = Number(year) + (Number(month) * 30 + Number(day ?? 0)) / 365;
  return [day ? `${year}${month}${day}` : '', `${year}${month}`, year, fraction.toFixed(4)];
}

const timestamp = (iso: string): string => iso.replace(/[^0-9]/g, '').slice(0, 14);

function host(uri: string | null): string | null {
  try {
    return uri ? new URL(uri).host || null : null;
  } catch {
    return null;
  }
}

/** One event as its 61 GDELT values. */
export function gdeltRow(event: EventRow, reports: readonly EventReportRow[], entities: ReadonlyMap<string, EntityRow>): Value[] {
  const source = event.sourceEntity ? entities.get(event.sourceEntity) : undefined;
  const target = event.targetEntity ? entities.get(event.targetEntity) : undefined;
  const place = event.placeEntity ? entities.get(event.placeEntity) : undefined;
  const articles = new Set(reports.map((r) => r.articleId));
  const sources = new Set(reports.map((r) => r.outlet ?? host(r.uri) ?? r.articleId));
  const first = [...reports].sort((a, b) => a.ingestedAt.localeCompare(b.ingestedAt) || a.articleId.localeCompare(b.articleId))[0];
  return [
    parseInt(event.id.replace(/^ev:/, '').slice(0, 13), 16),
    ...dateColumns(event.date),
    ...actorColumns(event.sourceCode, event.sourceName ?? source?.name ?? null, source),
    ...actorColumns(event.targetCode, event.targetName ?? target?.name ?? null, target),
    reports.some((r) => r.main) ? 1 : 0,
    event.cameo,
    event.cameo.slice(0, 3),
    event.cameo.slice(0, 2),
    event.quadClass,
    event.goldstein,
    event.mentions,
    sources.size,
    articles.size,
    '',
    ...geoColumns(source),
    ...geoColumns(target),
    ...geoColumns(place),
    first ? timestamp(first.ingestedAt) : '',
    first?.uri ?? '',
  ];
}

/** A TSV field: GDELT's files have no quoting, so tabs and line breaks in a value become spaces. */
const field = (value: Value): string => (value === null || value === undefined ? '' : String(value).replace(/[\t\r\n]+/g, ' '));

/** Every event of the store as GDELT 2.0 TSV lines (with the codebook's column names first when `header`). */
export async function gdeltLines(store: Store, options: { header?: boolean } = {}): Promise<string[]> {
  const events = await store.listEvents({ limit: 0 });
  const reports = new Map<string, EventReportRow[]>();
  for (const report of await store.listEventReports()) {
    const list = reports.get(report.eventId);
    if (list) list.push(report);
    else reports.set(report.eventId, [report]);
  }
  const ids = new Set<string>();
  for (const event of events) for (const id of [event.sourceEntity, event.targetEntity, event.placeEntity]) if (id) ids.add(id);
  const entities = new Map((await store.getEntities([...ids])).map((entity) => [entity.id, entity]));
  const lines = events.map((event) => gdeltRow(event, reports.get(event.id) ?? [], entities).map(field).join('\t'));
  return options.header ? [gdeltColumns.join('\t'), ...lines] : lines;
}
