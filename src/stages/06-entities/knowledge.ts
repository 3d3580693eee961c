/**
 * Knowledge: the gazetteers and lexicons, indexed for matching. Built once per process from the
 * validated data files; matching is exact on surface forms (white space collapsed, apostrophes
 * unified), on token boundaries, longest first. Pure: no file access here.
 */
import type {
  GazetteerEntry,
  GazetteerFile,
  OrganisationHeadsFile,
  TitlesFile,
  WordListFile,
} from './gazetteer-schema.js';

export interface KnowledgeFiles {
  gazetteers: GazetteerFile[];
  titles: TitlesFile;
  organisationHeads: OrganisationHeadsFile;
  /** Word lists; lists of the same name in several files are merged. */
  words: WordListFile[];
}

export interface TitleInfo {
  title: string;
  sector?: string;
  needsName: boolean;
}

export interface Knowledge {
  readonly entries: ReadonlyMap<string, GazetteerEntry>;
  /** Surface form (see `surfaceKey`) → entry ids, best first. */
  readonly names: ReadonlyMap<string, readonly string[]>;
  /** Demonym or adjective ("Russian", "Russians") → country entry id. */
  readonly demonyms: ReadonlyMap<string, string>;
  /** Longest alias, in words: bounds the n-gram search. */
  readonly maxNameWords: number;
  /** First word of any alias → the most words an alias starting with it has (names start only there). */
  readonly nameStarts: ReadonlyMap<string, number>;
  /** Word-boundary prefixes of multi-word names ("Tel", "United States of"): where a longer name may still match. */
  readonly namePrefixes: ReadonlySet<string>;
  /** The first words of aliases that start with a lowercase letter ("al-Quds"): the only lowercase tokens a name can start at. */
  readonly lowercaseNameStarts: ReadonlySet<string>;
  /** Title (surface key, modifiers stripped) → title info. */
  readonly titles: ReadonlyMap<string, TitleInfo>;
  readonly titleModifiers: ReadonlySet<string>;
  /** First words of titles and modifiers ("President", "Deputy"): a known name does not extend over them. */
  readonly titleFirstWords: ReadonlySet<string>;
  readonly maxTitleWords: number;
  /** Organisation head word (lower case) → implied sector ('' when none). */
  readonly organisationHeads: ReadonlyMap<string, string>;
  /** Named word lists (lower case). */
  list(name: string): ReadonlySet<string>;
  /** Entries naming the country `iso3` (its `country:ISO3` entry). */
  country(iso3: string): GazetteerEntry | undefined;
}

/** The form names are compared in: white space collapsed, typographic apostrophes and dashes unified. */
const NEEDS_KEYING = /\s\s|[\t\n\r\f\v\u00A0\u2019\u2018\u02BC`\u2010\u2011]|^\s|\s$/;

export function surfaceKey(text: string): string {
  // Fast path: normalised text mostly needs nothing (this runs for every n-gram of every sentence).
  if (!NEEDS_KEYING.test(text)) return text;
  return text.replace(/\s+/g, ' ').replace(/[\u2019\u2018\u02BC`]/g, "'").replace(/[\u2010\u2011]/g, '-').trim();
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{Ll})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/** The written forms an alias matches: as written, and — if it has lowercase letters — Title Case and ALL CAPS. */
export function aliasVariants(alias: string): string[] {
  const key = surfaceKey(alias);
  if (!/\p{Ll}/u.test(key)) return [key];
  const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
  return [...new Set([key, capitalised, titleCase(key), key.toUpperCase()])];
}

const featureRank: Record<string, number> = { country: 6, capital: 5, region: 4, territory: 4, city: 3, continent: 2, 'body-of-water': 2, other: 1 };

function entryRank(entry: GazetteerEntry): number {
  // Organisations and named things first, then places by kind and size.
  if (entry.type === 'ORG' || entry.type === 'MISC' || entry.type === 'PERSON') return 10;
  return (featureRank[entry.feature ?? 'other'] ?? 1) + Math.log10((entry.population ?? 0) + 1) / 10;
}

export function buildKnowledge(files: KnowledgeFiles): Knowledge {
  const entries = new Map<string, GazetteerEntry>();
  for (const file of files.gazetteers) for (const entry of file.entries) entries.set(entry.id, entry);

  const names = new Map<string, string[]>();
  const demonyms = new Map<string, string>();
  const nameStarts = new Map<string, number>();
  const namePrefixes = new Set<string>();
  let maxNameWords = 1;
  for (const entry of entries.values()) {
    for (const alias of new Set([entry.name, ...entry.aliases])) {
      for (const variant of aliasVariants(alias)) {
        const ids = names.get(variant) ?? [];
        if (!ids.includes(entry.id)) ids.push(entry.id);
        names.set(variant, ids);
        const words = variant.split(' ');
        maxNameWords = Math.max(maxNameWords, words.length);
        for (let k = 1; k < words.length; k++) namePrefixes.add(words.slice(0, k).join(' '));
        // Tokenisers split "U.S.-based" or "al-Quds" differently from spaces: key by the leading letters too.
        for (const start of new Set([words[0]!, words[0]!.replace(/[^\p{L}\d].*$/u, '')])) {
          if (start !== '') nameStarts.set(start, Math.max(nameStarts.get(start) ?? 0, words.length));
        }
      }
    }
    for (const demonym of entry.demonyms ?? []) {
      for (const variant of aliasVariants(demonym)) if (!demonyms.has(variant)) demonyms.set(variant, entry.id);
    }
  }
  for (const ids of names.values()) ids.sort((a, b) => entryRank(entries.get(b)!) - entryRank(entries.get(a)!));

  const titles = new Map<string, TitleInfo>();
  let maxTitleWords = 1;
  for (const title of files.titles.titles) {
    const info: TitleInfo = { title: surfaceKey(title.title), needsName: title.needsName, ...(title.sector ? { sector: title.sector } : {}) };
    // Titles also match in lower case ("foreign minister Sergei Lavrov"); they count only before a name.
    for (const variant of new Set([...aliasVariants(title.title), surfaceKey(title.title).toLowerCase()])) {
      titles.set(variant, info);
      maxTitleWords = Math.max(maxTitleWords, variant.split(' ').length);
    }
  }
  const titleModifiers = new Set<string>();
  for (const modifier of files.titles.modifiers) for (const variant of [...aliasVariants(modifier), modifier.toLowerCase()]) titleModifiers.add(variant);

  const titleFirstWords = new Set<string>([...titles.keys(), ...titleModifiers].map((key) => key.split(' ')[0]!));

  const organisationHeads = new Map<string, string>();
  for (const head of files.organisationHeads.heads) organisationHeads.set(head.word.toLowerCase(), head.sector ?? '');

  const lists = new Map<string, Set<string>>();
  for (const file of files.words) {
    for (const [name, words] of Object.entries(file.lists)) {
      const set = lists.get(name) ?? new Set<string>();
      for (const word of words) set.add(surfaceKey(word).toLowerCase());
      lists.set(name, set);
    }
  }
  const empty: ReadonlySet<string> = new Set();

  return {
    entries,
    names,
    demonyms,
    maxNameWords,
    nameStarts,
    namePrefixes,
    lowercaseNameStarts: new Set([...nameStarts.keys()].filter((start) => /^\p{Ll}/u.test(start))),
    titles,
    titleModifiers,
    titleFirstWords,
    maxTitleWords,
    organisationHeads,
    list: (name) => lists.get(name) ?? empty,
    country: (iso3) => entries.get(`country:${iso3}`),
  };
}
