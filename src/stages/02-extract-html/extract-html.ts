/**
 * Extract-html: an HTML page to the article's plain text and metadata. The page is parsed with
 * linkedom (a light DOM), metadata is read first (JSON-LD, meta, link, time), then Mozilla
 * Readability picks the main content, which is turned into plain text with its block structure
 * (paragraphs separated by blank lines). When Readability finds nothing, the largest block of `<p>`
 * text is used, then the body's text. Every field names the rule that decided it; problems (no
 * article, unreadable charset or date, broken markup) are recorded, never thrown. Pure: no I/O.
 */
import { createRequire } from 'node:module';
import type * as ReadabilityModule from '@mozilla/readability';
import type * as LinkedomModule from 'linkedom';
import type { Diagnostic } from '../../core/record.js';
import { defaultLimits } from '../../pipeline/stage.js';
import { decodeHtmlBytes } from './charset.js';
import { cleanText, publishedFromTimes, readMetadata, type PageFields, type PageMetadata } from './metadata.js';
import type { HtmlProblem } from './problems.js';
import { domToText, PAGE_FURNITURE } from './to-text.js';

// linkedom and Readability (≈ 26 MB of code) load on the first HTML page: text-only runs and the
// ingest workers of a JSONL or text corpus never need them.
const require = createRequire(import.meta.url);
let readabilityModule: typeof ReadabilityModule | undefined;
let linkedomModule: typeof LinkedomModule | undefined;
const readability = (): typeof ReadabilityModule => (readabilityModule ??= require('@mozilla/readability') as typeof ReadabilityModule);
const parseHTML = (html: string): ReturnType<typeof LinkedomModule.parseHTML> => (linkedomModule ??= require('linkedom') as typeof LinkedomModule).parseHTML(html);

export type { HtmlProblem } from './problems.js';
export { decodeHtmlBytes, type CharsetRule, type DecodedHtml } from './charset.js';
export { domToText } from './to-text.js';
export { normaliseDate } from './dates.js';

/** How the main text was found. */
export type TextRule = 'readability' | 'largest-paragraph-block' | 'body-text' | 'tag-strip' | 'none';

export type HtmlRules = { text: TextRule } & PageMetadata['rules'];

export interface HtmlExtraction extends PageFields {
  /** The main text, plain: paragraphs (headings, list items, table rows too) separated by one blank line. */
  text: string;
  /** Which rule decided each field. */
  rules: HtmlRules;
  problems: HtmlProblem[];
}

export interface ExtractHtmlOptions {
  /** Where the page came from: resolves a relative canonical link, and is the canonical URL when the page names none. */
  url?: string;
}

/** Readability gives up on pages with more elements than this (it throws; we fall back). */
const MAX_ELEMENTS = 200_000;
/** Deeper nesting than this is no real page (the 130 test pages stay under 40); Readability slows to minutes on it. */
const MAX_DEPTH = 400;
/** Text shorter than this (characters) from a page Readability calls unreadable is reported as "no article". */
const SHORT_ARTICLE_CHARS = 250;

/** Extracts the main text and metadata of an HTML page. Never throws on bad input. */
export function extractHtml(html: string, options: ExtractHtmlOptions = {}): HtmlExtraction {
  try {
    return extractFromMarkup(html, options);
  } catch (error) {
    // linkedom and Readability are third-party code: a page that trips them is recorded, and its text still taken.
    const text = stripTags(html);
    const problems: HtmlProblem[] = [
      { severity: 'error', code: 'HTML_EXTRACT_FAILED', message: `the page could not be read as HTML (${(error as Error).message}); its text was taken by stripping tags` },
    ];
    return { text, rules: { text: text ? 'tag-strip' : 'none' }, problems };
  }
}

function extractFromMarkup(html: string, options: ExtractHtmlOptions): HtmlExtraction {
  const problems: HtmlProblem[] = [];
  const markup = html.charCodeAt(0) === 0xfeff ? html.slice(1) : html;
  if (markup.trim() === '') {
    problems.push({ severity: 'error', code: 'HTML_EMPTY', message: 'the page is empty: there is no article to extract' });
    return { text: '', rules: { text: 'none' }, problems };
  }
  const prepared = wrapFragment(markup);

  let document: Document;
  try {
    document = parseHTML(prepared).document;
    if (!document.documentElement) throw new Error('no document element');
  } catch (error) {
    problems.push({ severity: 'error', code: 'HTML_UNPARSABLE', message: `the page could not be parsed as HTML (${(error as Error).message}); its text was taken by stripping tags` });
    const text = stripTags(markup);
    return { text, rules: { text: text ? 'tag-strip' : 'none' }, problems };
  }

  const metadata = readMetadata(document, options.url);
  problems.push(...metadata.problems);
  const { rules: metadataRules, times, problems: _ignored, ...fields } = metadata;
  const rules: HtmlRules = { text: 'none', ...metadataRules };
  const result: HtmlExtraction = { text: '', ...fields, rules, problems };

  const readerable = safely(() => readability().isProbablyReaderable(document), false);
  const { depth } = prepareDocument(document);
  let content: Element | null = null;
  let readabilityByline: string | undefined;
  if (depth > MAX_DEPTH) {
    problems.push({ severity: 'warning', code: 'HTML_TOO_DEEP', message: `elements nest ${depth} deep (real pages stay under ${MAX_DEPTH}); Readability was not run on the page` });
  } else {
    try {
      const article = new (readability().Readability)<Element>(document, { serializer: (node) => node as Element, maxElemsToParse: MAX_ELEMENTS }).parse();
      content = article?.content ?? null;
      readabilityByline = article?.byline ?? undefined;
    } catch (error) {
      problems.push({ severity: 'warning', code: 'HTML_READABILITY_FAILED', message: `Readability could not read the page (${(error as Error).message})` });
    }
  }
  if (content) {
    result.text = domToText(content);
    if (result.text) rules.text = 'readability';
  }
  if (!result.text) {
    // Readability changes the document it reads: the fallbacks need a fresh one, unless it did not run.
    const fresh = depth > MAX_DEPTH ? document : safely(() => parseHTML(prepared).document, null);
    const fallback = fresh ? fallbackText(fresh) : { text: stripTags(markup), rule: 'tag-strip' as const };
    result.text = fallback.text;
    rules.text = fallback.text ? fallback.rule : 'none';
    if (fallback.text) {
      problems.push({
        severity: 'warning',
        code: 'HTML_FALLBACK_TEXT',
        message: `Readability found no main content; the text is the page's ${fallback.rule === 'largest-paragraph-block' ? 'largest block of paragraphs' : fallback.rule === 'body-text' ? 'whole body text (navigation removed)' : 'text with its tags stripped'}`,
      });
    }
  }
  if (!result.text) {
    problems.push({ severity: 'error', code: 'HTML_NO_TEXT', message: 'the page holds no text to extract (no article, or only scripts and markup)' });
  } else if (!readerable && result.text.length < SHORT_ARTICLE_CHARS) {
    problems.push({
      severity: 'warning',
      code: 'HTML_NOT_ARTICLE',
      message: `the page does not look like an article (little paragraph text; ${result.text.length} characters extracted): the text may be navigation or boilerplate`,
    });
  }

  if (!result.byline && readabilityByline && cleanText(readabilityByline)) {
    result.byline = cleanText(readabilityByline);
    rules.byline = 'byline-element';
  }
  if (!result.published) {
    const fromTimes = publishedFromTimes(times, content);
    if (fromTimes) {
      result.published = fromTimes.published;
      rules.published = fromTimes.rule;
    }
  }
  return result;
}

/**
 * Readies the document for Readability and measures it. Comments go: between two runs of text (React
 * leaves `<!-- -->` in "Page <!-- -->A<!-- -->22") Readability would end a paragraph at each one.
 * Returns the deepest element nesting. Iterative, as a hostile page may nest thousands deep.
 */
function prepareDocument(document: Document): { depth: number } {
  const comments: Node[] = [];
  let depth = 0;
  // From the root element: linkedom links a document's doctype to no next sibling.
  const stack: Array<[Node, number]> = document.documentElement ? [[document.documentElement, 1]] : [];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (level > depth) depth = level;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 8) comments.push(child);
      else if (child.nodeType === 1) stack.push([child, level + 1]);
    }
  }
  for (const comment of comments) comment.parentNode?.removeChild(comment);
  return { depth };
}

/** linkedom makes the first element the document element: a fragment must be wrapped to get a `<body>`. */
function wrapFragment(markup: string): string {
  if (/<html[\s>]/i.test(markup)) return markup;
  if (/<body[\s>]/i.test(markup) || /<head[\s>]/i.test(markup)) return `<html>${markup}</html>`;
  return `<!DOCTYPE html><html><head></head><body>${markup}</body></html>`;
}

/**
 * Text when Readability finds no content: the element with the most text in its own `<p>` children,
 * if that holds a real paragraph; else the body without navigation, header, footer and forms.
 */
function fallbackText(document: Document): { text: string; rule: TextRule } {
  let best: Element | null = null;
  let bestLength = 0;
  const totals = new Map<Element, number>();
  for (const paragraph of Array.from(document.querySelectorAll('p'))) {
    const parent = paragraph.parentElement;
    if (!parent || paragraph.closest('nav, header, footer, aside, form')) continue;
    const total = (totals.get(parent) ?? 0) + cleanText(paragraph.textContent ?? '').length;
    totals.set(parent, total);
    if (total > bestLength) {
      best = parent;
      bestLength = total;
    }
  }
  if (best && bestLength >= 80) {
    const text = domToText(best, { skip: PAGE_FURNITURE, skipHidden: true });
    if (text) return { text, rule: 'largest-paragraph-block' };
  }
  const body = document.body ?? document.documentElement;
  const text = body ? domToText(body, { skip: PAGE_FURNITURE, skipHidden: true }) : '';
  return { text, rule: 'body-text' };
}

/** Last resort for markup the parser refused: tags, scripts and styles removed, a few entities decoded. */
function stripTags(markup: string): string {
  return markup
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(?:p|div|h[1-6]|li|tr|br|section|article|blockquote)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .split(/\n\s*\n/)
    .map((paragraph) => cleanText(paragraph))
    .filter(Boolean)
    .join('\n\n');
}

function safely<T>(run: () => T, otherwise: T): T {
  try {
    return run();
  } catch {
    return otherwise;
  }
}

export interface ArticleInput extends PageFields {
  /** Plain text for the pipeline (`extract(text, ...)`); empty when the page held none. */
  text: string;
  /** How the bytes were decoded (`string` when the caller gave text). */
  charsetRule: string;
  rules: HtmlRules;
  /** Charset and extraction problems, plus one `info` naming the rules, as the record's diagnostics. */
  diagnostics: Diagnostic[];
}

export interface ArticleInputOptions extends ExtractHtmlOptions {
  /** Largest page accepted, in bytes; larger pages are refused with `INPUT_TOO_LARGE` before parsing. */
  maxBytes?: number;
}

/**
 * An HTML page (text, or bytes in any charset) to what the pipeline's `extract()` takes: the plain
 * text plus title, byline, publication date, language and canonical URL, with diagnostics tagged
 * `decode` (charset) and `extract-html` (everything else).
 */
export function htmlToArticleInput(input: string | Uint8Array, options: ArticleInputOptions = {}): ArticleInput {
  const diagnostics: Diagnostic[] = [];
  const maxBytes = options.maxBytes ?? defaultLimits.maxBytes;
  const byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (byteLength > maxBytes) {
    diagnostics.push({ severity: 'error', code: 'INPUT_TOO_LARGE', message: `page is ${byteLength} bytes; the limit is ${maxBytes} bytes (option limits.maxBytes)`, stage: 'decode' });
    return { text: '', charsetRule: 'none', rules: { text: 'none' }, diagnostics };
  }
  let html: string;
  let charsetRule: string;
  if (typeof input === 'string') {
    html = input;
    charsetRule = 'string';
  } else {
    const decoded = decodeHtmlBytes(input);
    html = decoded.text;
    charsetRule = decoded.charsetRule;
    for (const problem of decoded.problems) diagnostics.push({ ...problem, stage: 'decode' });
    diagnostics.push({ severity: 'info', code: 'DECODE_CHARSET', message: `charset ${decoded.charset} decided by rule ${decoded.charsetRule}`, stage: 'decode' });
  }
  const extraction = extractHtml(html, options.url !== undefined ? { url: options.url } : {});
  for (const problem of extraction.problems) diagnostics.push({ ...problem, stage: 'extract-html' });
  const ruleList = Object.entries(extraction.rules).map(([field, rule]) => `${field}: ${rule}`).join('; ');
  diagnostics.push({ severity: 'info', code: 'HTML_RULES', message: `fields decided by rules — ${ruleList}`, stage: 'extract-html' });
  const { problems: _problems, ...fields } = extraction;
  return { ...fields, charsetRule, diagnostics };
}

/** True when the input starts like an HTML document (`<!DOCTYPE html>`, `<html>`, `<head>`, `<body>`, `<meta>`, ...) after white space, BOM and comments. */
export function looksLikeHtml(input: string | Uint8Array): boolean {
  const head = typeof input === 'string' ? input.slice(0, 1024) : Buffer.from(input.subarray(0, 1024)).toString('latin1');
  const start = head.replace(/^(?:\uFEFF|\u00EF\u00BB\u00BF|\s|<!--[\s\S]*?-->|<\?xml[^>]*>)+/, '');
  return /^<(?:!doctype\s+html|html|head|body|meta|title|link|article)\b/i.test(start);
}
