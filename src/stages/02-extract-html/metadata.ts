/**
 * Page metadata — title, byline, publication date, language, canonical URL, site name — read from
 * the page's JSON-LD, `<meta>` and `<link>` elements and a few elements of the body, each value with
 * the rule that gave it. It reads the document before Readability changes it and never modifies it.
 * Rules are tried in a fixed order; the first that yields a usable value decides.
 */
import { normaliseDate } from './dates.js';
import type { HtmlProblem } from './problems.js';

/** The page's metadata fields, as every HTML result carries them. */
export interface PageFields {
  title?: string;
  byline?: string;
  /** ISO 8601 date or datetime, as the page gives it (its own offset kept). */
  published?: string;
  /** The page's language tag as declared (`en`, `en-US`, `pt-BR`). */
  language?: string;
  canonicalUrl?: string;
  siteName?: string;
}

export interface PageMetadata extends PageFields {
  /** The rule that decided each field, e.g. `{ title: 'json-ld-headline', published: 'meta-article-published-time' }`. */
  rules: Partial<Record<keyof PageFields, string>>;
  /** `<time datetime>` values kept for the date rules that need the extracted article (see `publishedFromTimes`). */
  times: TimeCandidates;
  problems: HtmlProblem[];
}

export interface TimeCandidates {
  /** `<time>` marked as the publication date (`itemprop=datePublished`, `pubdate`, a `published` class). */
  marked: string[];
  /** `<time datetime>` inside `<article>`, in document order. */
  inArticle: string[];
}

/** schema.org types that describe an article (as Readability's list, plus a few news types). */
const ARTICLE_TYPES =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|WebPage)$/;

/** `<meta name=...>` names that carry a publication date, in order of trust. */
const DATE_META_NAMES = [
  'date', 'pubdate', 'publishdate', 'publish-date', 'publish_date', 'publication_date', 'publication-date', 'dc.date',
  'dc.date.issued', 'dc.date.created', 'dcterms.date', 'dcterms.issued', 'dcterms.created', 'citation_publication_date',
  'citation_date', 'parsely-pub-date', 'sailthru.date', 'article.published', 'article_date_original', 'originalpublicationdate',
  'datepublished', 'og:published_time', 'published_time', 'published-date', 'release_date',
];

/** Reads the metadata of a parsed page. `url` (where the page came from) resolves relative canonical links. */
export function readMetadata(document: Document, url?: string): PageMetadata {
  const problems: HtmlProblem[] = [];
  const rules: PageMetadata['rules'] = {};
  const meta = metaValues(document);
  const jsonLd = articleJsonLd(document, problems);
  const result: PageMetadata = { rules, times: timeCandidates(document), problems };

  const set = <K extends keyof PageMetadata['rules']>(field: K, value: string | undefined, rule: string): boolean => {
    const clean = value === undefined ? undefined : cleanText(value);
    if (!clean) return false;
    result[field] = clean;
    rules[field] = rule;
    return true;
  };

  // Title: JSON-LD, then the meta titles (Dublin Core, Open Graph, Twitter, Parse.ly), then the document title.
  const documentTitle = cleanDocumentTitle(document);
  if (jsonLd) {
    const name = stringValue(jsonLd.name);
    const headline = stringValue(jsonLd.headline);
    if (name && headline && name !== headline) {
      // Some sites put their own name in `name`: prefer whichever is close to the <title>.
      const headlineMatches = textSimilarity(headline, documentTitle ?? '') > 0.75;
      const nameMatches = textSimilarity(name, documentTitle ?? '') > 0.75;
      if (headlineMatches && !nameMatches) set('title', headline, 'json-ld-headline');
      else set('title', name, 'json-ld-name');
    } else if (!set('title', headline, 'json-ld-headline')) set('title', name, 'json-ld-name');
  }
  const titleRules: Array<[string, string]> = [
    ['dc:title', 'meta-dc-title'], ['dcterm:title', 'meta-dc-title'], ['dcterms:title', 'meta-dc-title'], ['og:title', 'meta-og-title'],
    ['weibo:article:title', 'meta-weibo-title'], ['weibo:webpage:title', 'meta-weibo-title'], ['title', 'meta-title'],
    ['twitter:title', 'meta-twitter-title'], ['parsely-title', 'meta-parsely-title'],
  ];
  for (const [key, rule] of titleRules) if (!result.title) set('title', meta.get(key), rule);
  if (!result.title) set('title', documentTitle, 'document-title');

  // Byline: JSON-LD author, then the meta authors (the byline element in the text is tried by the caller, after Readability).
  if (jsonLd) set('byline', jsonLdAuthor(jsonLd.author), 'json-ld-author');
  const bylineRules: Array<[string, string]> = [
    ['dc:creator', 'meta-dc-creator'], ['dcterm:creator', 'meta-dc-creator'], ['dcterms:creator', 'meta-dc-creator'],
    ['author', 'meta-author'], ['parsely-author', 'meta-parsely-author'], ['sailthru.author', 'meta-author'],
  ];
  for (const [key, rule] of bylineRules) if (!result.byline) set('byline', meta.get(key), rule);
  const articleAuthor = meta.property('article:author');
  if (!result.byline && articleAuthor && !/^https?:\/\//i.test(articleAuthor.trim())) set('byline', articleAuthor, 'meta-article-author');

  // Publication date: JSON-LD, Open Graph article, other meta dates; `<time>` waits for the article text.
  const dateCandidates: Array<[string | undefined, string]> = [
    [jsonLd ? stringValue(jsonLd.datePublished) : undefined, 'json-ld-date-published'],
    [meta.get('article:published_time') ?? meta.get('og:article:published_time'), 'meta-article-published-time'],
    [meta.get('itemprop:datepublished'), 'meta-itemprop-date-published'],
    ...DATE_META_NAMES.map((name): [string | undefined, string] => [meta.get(name), `meta-${name.replace(/[^a-z]+/g, '-')}`]),
  ];
  for (const [value, rule] of dateCandidates) {
    if (value === undefined || result.published) continue;
    const iso = normaliseDate(value);
    if (iso) set('published', iso, rule);
    else problems.push({ severity: 'info', code: 'HTML_DATE_UNREADABLE', message: `publication date "${value.slice(0, 80)}" (${rule}) is not a date this reader understands; tried the next rule` });
  }

  // Language: the document's lang attribute, then the declared content language, Open Graph locale, JSON-LD.
  const html = document.documentElement;
  set('language', html?.getAttribute('lang') ?? html?.getAttribute('xml:lang') ?? undefined, 'html-lang');
  if (!result.language) set('language', meta.get('http-equiv:content-language') ?? meta.get('content-language'), 'meta-content-language');
  if (!result.language) set('language', meta.get('dc:language') ?? meta.get('language'), 'meta-language');
  if (!result.language) set('language', meta.get('og:locale')?.replace('_', '-'), 'meta-og-locale');
  if (!result.language && jsonLd) set('language', stringValue(jsonLd.inLanguage), 'json-ld-in-language');

  // Canonical URL: <link rel=canonical>, Open Graph URL, JSON-LD url, the URL the page was fetched from.
  const base = baseUrl(document, url);
  const canonicalLink = Array.from(document.querySelectorAll('link[rel][href]')).find((link) =>
    (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const urlCandidates: Array<[string | undefined, string]> = [
    [canonicalLink?.getAttribute('href') ?? undefined, 'link-canonical'],
    [meta.get('og:url'), 'meta-og-url'],
    [jsonLd ? (stringValue(jsonLd.url) ?? stringValue(jsonLd.mainEntityOfPage) ?? stringValue((jsonLd.mainEntityOfPage as Record<string, unknown> | undefined)?.['@id'])) : undefined, 'json-ld-url'],
    [url, 'source-url'],
  ];
  for (const [value, rule] of urlCandidates) if (!result.canonicalUrl) set('canonicalUrl', absoluteUrl(value, base), rule);

  // Site name: Open Graph, JSON-LD publisher, application name.
  set('siteName', meta.get('og:site_name'), 'meta-og-site-name');
  if (!result.siteName && jsonLd) set('siteName', stringValue((jsonLd.publisher as Record<string, unknown> | undefined)?.name), 'json-ld-publisher');
  if (!result.siteName) set('siteName', meta.get('application-name'), 'meta-application-name');

  return result;
}

/**
 * The publication date from `<time>` elements, once the article is known: a `<time>` marked as the
 * publication date, then the first `<time datetime>` in the extracted article, then in `<article>`.
 */
export function publishedFromTimes(times: TimeCandidates, content: Element | null): { published: string; rule: string } | undefined {
  const inContent = content ? Array.from(content.querySelectorAll('time[datetime]')).map((time) => time.getAttribute('datetime') ?? '') : [];
  const ordered: Array<[string[], string]> = [
    [times.marked, 'time-date-published'],
    [inContent, 'time-in-content'],
    [times.inArticle, 'time-in-article'],
  ];
  for (const [values, rule] of ordered) {
    for (const value of values) {
      const published = normaliseDate(value);
      if (published) return { published, rule };
    }
  }
  return undefined;
}

interface MetaValues {
  /** The content for a lower-cased key; a `property` value wins over a `name` with the same key. */
  get(key: string): string | undefined;
  /** The content for a key given only as a `property` (Open Graph style). */
  property(key: string): string | undefined;
}

/** `<meta>` values by lower-cased key: each `property` (a space-separated list), `name`, `itemprop:…` and `http-equiv:…`; the first value of each wins. */
function metaValues(document: Document): MetaValues {
  const properties = new Map<string, string>();
  const names = new Map<string, string>();
  const add = (map: Map<string, string>, key: string, content: string): void => {
    const clean = key.trim().toLowerCase().replace(/\s*:\s*/g, ':');
    // Some pages escape entities twice in meta content (`&amp;amp;`): one more unescape gives the text.
    if (clean && !map.has(clean)) map.set(clean, unescapeEntities(content));
  };
  for (const element of Array.from(document.querySelectorAll('meta'))) {
    const content = element.getAttribute('content');
    if (!content || !content.trim()) continue;
    for (const property of (element.getAttribute('property') ?? '').split(/\s+/)) if (property) add(properties, property, content);
    const name = element.getAttribute('name');
    if (name) {
      add(names, name, content);
      // `DC.title` is Dublin Core's `dc:title` written as a name.
      if (/^(?:dc|dcterms?)\./i.test(name)) add(names, name.replace('.', ':'), content);
    }
    const itemprop = element.getAttribute('itemprop');
    if (itemprop) add(names, `itemprop:${itemprop}`, content);
    const httpEquiv = element.getAttribute('http-equiv');
    if (httpEquiv) add(names, `http-equiv:${httpEquiv}`, content);
  }
  return { get: (key) => properties.get(key) ?? names.get(key), property: (key) => properties.get(key) };
}

type JsonObject = Record<string, unknown>;

/** The page's JSON-LD object describing the article (the first of an article type, looking into arrays and `@graph`). */
function articleJsonLd(document: Document, problems: HtmlProblem[]): JsonObject | undefined {
  const objects: JsonObject[] = [];
  for (const script of Array.from(document.querySelectorAll('script'))) {
    if ((script.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    const source = (script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '').trim();
    if (!source) continue;
    try {
      collectObjects(JSON.parse(source) as unknown, objects, 0);
    } catch {
      problems.push({ severity: 'info', code: 'HTML_JSON_LD_INVALID', message: 'a JSON-LD script on the page is not valid JSON; it was ignored' });
    }
  }
  const isArticle = (object: JsonObject): boolean => types(object).some((type) => ARTICLE_TYPES.test(type) && type !== 'WebPage');
  return objects.find(isArticle) ?? objects.find((object) => types(object).includes('WebPage') && 'datePublished' in object);
}

function collectObjects(value: unknown, into: JsonObject[], depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, into, depth + 1);
    return;
  }
  const object = value as JsonObject;
  into.push(object);
  if (Array.isArray(object['@graph'])) collectObjects(object['@graph'], into, depth + 1);
}

function types(object: JsonObject): string[] {
  const type = object['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
}

function jsonLdAuthor(author: unknown): string | undefined {
  if (typeof author === 'string') return author;
  const list = Array.isArray(author) ? author : [author];
  const names = list
    .map((item) => (typeof item === 'string' ? item : item && typeof item === 'object' ? stringValue((item as JsonObject).name) : undefined))
    .filter((name): name is string => !!name && name.trim() !== '')
    .map((name) => name.trim());
  return names.length > 0 ? names.join(', ') : undefined;
}

function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function timeCandidates(document: Document): TimeCandidates {
  const marked: string[] = [];
  const inArticle: string[] = [];
  for (const time of Array.from(document.querySelectorAll('time'))) {
    const value = time.getAttribute('datetime') ?? (time.getAttribute('itemprop') === 'datePublished' ? time.textContent : null);
    if (!value) continue;
    const className = (time.getAttribute('class') ?? '').toLowerCase();
    if (time.getAttribute('itemprop') === 'datePublished' || time.hasAttribute('pubdate') || /\bpublished\b|\bpubdate\b/.test(className)) marked.push(value);
    if (time.closest('article')) inArticle.push(value);
  }
  return { marked, inArticle };
}

/**
 * The document `<title>` without the site name, the way Readability cleans it: the last part after a
 * separator (` | `, ` - `, ` – `, ` » `) goes unless that leaves fewer than three words; a "Site: title" keeps
 * the part after the colon; a title too short or too long gives way to the page's only `<h1>`.
 */
function cleanDocumentTitle(document: Document): string | undefined {
  const original = cleanText(document.querySelector('title')?.textContent ?? '');
  let title = original;
  const words = (text: string): number => text.split(/\s+/).length;
  let hierarchical = false;
  if (/ [|\-–—\\/>»] /.test(title)) {
    hierarchical = / [\\/>»] /.test(title);
    const separators = Array.from(original.matchAll(/ [|\-–—\\/>»] /g));
    title = original.slice(0, separators[separators.length - 1]!.index);
    if (words(title) < 3) title = original.replace(/^[^|\-–—\\/>»]*[|\-–—\\/>»]/, '');
  } else if (title.includes(': ')) {
    const headings = Array.from(document.querySelectorAll('h1, h2'));
    if (!headings.some((heading) => (heading.textContent ?? '').trim() === title)) {
      title = original.slice(original.lastIndexOf(':') + 1);
      if (words(title) < 3) title = original.slice(original.indexOf(':') + 1);
      else if (words(original.slice(0, original.indexOf(':'))) > 5) title = original;
    }
  } else if (title.length > 150 || title.length < 15) {
    const h1s = document.querySelectorAll('h1');
    if (h1s.length === 1) title = cleanText(h1s[0]!.textContent ?? '');
  }
  title = cleanText(title);
  const count = words(title);
  if (count <= 4 && (!hierarchical || count !== words(original.replace(/[|\-–—\\/>»]+/g, '')) - 1)) title = original;
  return title || undefined;
}

/** Share of the longer text's words found in the shorter one (Readability's measure for JSON-LD titles). */
function textSimilarity(a: string, b: string): number {
  const tokensA = a.toLowerCase().split(/\W+/u).filter(Boolean);
  const tokensB = b.toLowerCase().split(/\W+/u).filter(Boolean);
  if (tokensA.length === 0 || tokensB.length === 0) return 0;
  const uniqueB = tokensB.filter((token) => !tokensA.includes(token));
  return 1 - uniqueB.join(' ').length / tokensB.join(' ').length;
}

function baseUrl(document: Document, url: string | undefined): string | undefined {
  const href = document.querySelector('base[href]')?.getAttribute('href') ?? undefined;
  if (href) {
    try {
      return new URL(href, url).href;
    } catch {
      // A relative <base> without a page URL: fall back to the page URL.
    }
  }
  return url;
}

/** An absolute http(s) URL, or undefined. */
function absoluteUrl(value: string | undefined, base: string | undefined): string | undefined {
  if (!value || !value.trim()) return undefined;
  try {
    const resolved = new URL(value.trim(), base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/** Collapses runs of white space to one space and trims. */
export function cleanText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function unescapeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}
