import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedText, scoreWords, wordTokens } from '../../../eval/html.js';
import { readShared } from '../../test-support/shared.js';
import { extractHtml, htmlToArticleInput, looksLikeHtml } from './extract-html.js';

/** Enough article text for Readability to see a main block (it wants a few hundred characters). */
const BODY = [
  'ANKARA — Delegations from both countries met on Thursday to resume talks on grain shipments across the Black Sea, officials said.',
  'The talks, the first in six months, focused on inspections of cargo ships and on insurance for vessels leaving Ukrainian ports.',
  'A spokesman for the foreign ministry said the sides had agreed to meet again next week, without giving further details of the plan.',
];
const paragraphs = BODY.map((p) => `<p>${p}</p>`).join('\n');

function page(head: string, body: string, htmlAttributes = ''): string {
  return `<!DOCTYPE html><html${htmlAttributes}><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

interface PageCase {
  name: string;
  html: string;
  url?: string;
  expect: {
    text?: { includes?: string[]; excludes?: string[] };
    title?: string;
    byline?: string;
    published?: string;
    language?: string;
    canonicalUrl?: string;
    siteName?: string;
    rules?: Record<string, string>;
    problems?: string[];
    noProblems?: string[];
  };
}

const CASES: PageCase[] = [
  {
    name: 'JSON-LD gives the date, headline and author, ahead of the meta tags',
    html: page(
      `<title>Grain talks resume | The Daily</title>
       <meta property="article:published_time" content="2024-03-08T10:00:00Z">
       <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"The Daily"},
         {"@type":"NewsArticle","headline":"Grain talks resume in Ankara","datePublished":"2024-03-07T09:30:00+03:00",
          "author":[{"@type":"Person","name":"Ayşe Demir"},{"@type":"Person","name":"John Smith"}],"publisher":{"name":"The Daily"}}]}</script>`,
      `<article><h1>Grain talks resume in Ankara</h1>${paragraphs}</article>`,
      ' lang="en-GB"',
    ),
    expect: {
      title: 'Grain talks resume in Ankara',
      byline: 'Ayşe Demir, John Smith',
      published: '2024-03-07T09:30:00+03:00',
      language: 'en-GB',
      siteName: 'The Daily',
      rules: { title: 'json-ld-headline', byline: 'json-ld-author', published: 'json-ld-date-published', language: 'html-lang', siteName: 'json-ld-publisher', text: 'readability' },
    },
  },
  {
    name: 'the Open Graph article time is read, its offset written with a colon',
    html: page(
      `<title>Talks</title><meta property="og:title" content="Grain talks resume"><meta property="article:published_time" content="2021-11-01T10:52:50+0100">
       <meta name="author" content="Jane Roe"><link rel="canonical" href="/world/grain-talks"><meta property="og:site_name" content="The Daily">`,
      `<main>${paragraphs}</main>`,
    ),
    url: 'https://news.example/world/grain-talks?utm_source=feed',
    expect: {
      title: 'Grain talks resume',
      byline: 'Jane Roe',
      published: '2021-11-01T10:52:50+01:00',
      canonicalUrl: 'https://news.example/world/grain-talks',
      siteName: 'The Daily',
      rules: { title: 'meta-og-title', byline: 'meta-author', published: 'meta-article-published-time', canonicalUrl: 'link-canonical', siteName: 'meta-og-site-name' },
    },
  },
  {
    name: 'a meta date name is read when there is no JSON-LD or Open Graph date',
    html: page('<title>Grain talks resume in Ankara after six months</title><meta name="pubdate" content="20190428">', `<div id="story">${paragraphs}</div>`),
    expect: { published: '2019-04-28', title: 'Grain talks resume in Ankara after six months', rules: { published: 'meta-pubdate', title: 'document-title' } },
  },
  {
    name: 'a <time datetime> in the article is the last date rule',
    html: page('<title>Grain talks</title>', `<article><p class="meta">By <span class="byline">Ali Veli</span> <time datetime="2018-12-21T12:55:00Z">21 December</time></p>${paragraphs}</article>`),
    expect: { published: '2018-12-21T12:55:00Z', byline: 'Ali Veli', rules: { byline: 'byline-element' } },
  },
  {
    name: 'a page with no article gets a recorded warning, not a crash',
    html: page('<title>Home</title>', '<nav><a href="/">Home</a> <a href="/world">World</a></nav><footer>© 2024 The Daily</footer>'),
    expect: { problems: ['HTML_NOT_ARTICLE'] },
  },
  {
    name: 'a page of only scripts and styles yields no text and an error',
    html: page('<title>App</title><style>body{color:red}</style>', '<script>window.app = {};</script><noscript></noscript>'),
    expect: { text: { excludes: ['window', 'color'] }, problems: ['HTML_NO_TEXT'] },
  },
  {
    name: 'broken markup (unclosed tags, stray end tags, no html or body) still gives the text',
    html: `<title>Broken</title><div><p>${BODY[0]}<p>${BODY[1]}</b></span></div></div><p>${BODY[2]}<div class="x`,
    expect: { text: { includes: ['Delegations from both countries', 'without giving further details'] } },
  },
  {
    name: 'a script and a style inside the article are dropped',
    html: page(
      '<title>Grain talks</title>',
      `<article><p>${BODY[0]}</p><script>var secret = "tracking pixel";</script><style>.ad{display:none}</style><p>${BODY[1]}</p><p>${BODY[2]}</p></article>`,
    ),
    expect: { text: { includes: ['Delegations', 'A spokesman'], excludes: ['secret', 'tracking', 'display'] } },
  },
  {
    name: 'entities are decoded, in the text and in double-escaped meta values',
    html: page(
      '<title>Talks</title><meta property="og:title" content="Grain &amp;amp; oil: &#8220;progress&#8221;">',
      `<article><p>Ministers said the talks on grain &amp; oil made &ldquo;real progress&rdquo; &mdash; at last, in Ankara&nbsp;on Thursday, they said.</p>${paragraphs}</article>`,
    ),
    expect: { title: 'Grain & oil: “progress”', text: { includes: ['grain & oil made “real progress” — at last'], excludes: ['&amp;', '&ldquo;'] } },
  },
  {
    name: 'headings, list items and paragraphs become paragraphs separated by blank lines',
    html: page(
      '<title>Grain talks</title>',
      `<article><h2>What was agreed</h2><ul><li>Inspections resume on Monday.</li><li>Insurance is extended.</li></ul>${paragraphs}</article>`,
    ),
    expect: { text: { includes: ['What was agreed\n\nInspections resume on Monday.\n\nInsurance is extended.\n\nANKARA'] } },
  },
  {
    name: 'a page nesting elements thousands deep is read without Readability rather than crashing or stalling',
    html: `${'<div>'.repeat(5000)}<p>${BODY[0]}</p>${'</div>'.repeat(5000)}`,
    expect: { text: { includes: ['Delegations from both countries'] }, problems: ['HTML_TOO_DEEP'] },
  },
  {
    name: 'an empty page is an error, not a crash',
    html: '   ',
    expect: { problems: ['HTML_EMPTY'], rules: { text: 'none' } },
  },
];

describe('extractHtml on hand-written pages', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const result = extractHtml(c.html, c.url !== undefined ? { url: c.url } : {});
      const e = c.expect;
      for (const part of e.text?.includes ?? []) assert.ok(result.text.includes(part), `text should include ${JSON.stringify(part)}:\n${result.text}`);
      for (const part of e.text?.excludes ?? []) assert.ok(!result.text.includes(part), `text should not include ${JSON.stringify(part)}:\n${result.text}`);
      for (const field of ['title', 'byline', 'published', 'language', 'canonicalUrl', 'siteName'] as const) {
        if (e[field] !== undefined) assert.equal(result[field], e[field], field);
      }
      for (const [field, rule] of Object.entries(e.rules ?? {})) assert.equal(result.rules[field as keyof typeof result.rules], rule, `rule for ${field}`);
      const codes = result.problems.map((p) => p.code);
      for (const code of e.problems ?? []) assert.ok(codes.includes(code), `expected problem ${code}, got ${codes.join(', ')}`);
      assert.doesNotMatch(result.text, /<[a-z/!]/i, 'the text holds no markup');
      assert.doesNotMatch(result.text, /\n{3,}/, 'paragraphs are separated by exactly one blank line');
      assert.equal(result.text, result.text.trim());
    });
  }
});

describe('htmlToArticleInput', () => {
  it('decodes bytes by their meta charset (windows-1251) and reports the rule as a diagnostic', () => {
    const russian = 'Переговоры о зерне возобновились в Анкаре в четверг, сообщили официальные лица обеих стран.';
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Зерно</title></head><body><article>${`<p>${russian}</p>`.repeat(4)}</article></body></html>`;
    const result = htmlToArticleInput(encodeWindows1251(html));
    assert.equal(result.charsetRule, 'http-equiv');
    assert.ok(result.text.startsWith('Переговоры о зерне'), result.text);
    const charset = result.diagnostics.find((d) => d.code === 'DECODE_CHARSET');
    assert.equal(charset?.stage, 'decode');
    assert.match(charset?.message ?? '', /windows-1251 .*http-equiv/);
    assert.ok(result.diagnostics.some((d) => d.code === 'HTML_RULES' && d.stage === 'extract-html'));
  });

  it('refuses a page over the size limit before parsing it', () => {
    const result = htmlToArticleInput('<p>x</p>'.repeat(100), { maxBytes: 100 });
    assert.equal(result.text, '');
    assert.equal(result.diagnostics[0]?.code, 'INPUT_TOO_LARGE');
  });

  it('gives a publication date the pipeline accepts', () => {
    const result = htmlToArticleInput(page('<meta property="article:published_time" content="2017-11-03 03:01:00.000000">', paragraphs));
    assert.equal(result.published, '2017-11-03T03:01:00.000000');
  });
});

describe('looksLikeHtml', () => {
  it('tells pages from plain text', () => {
    assert.equal(looksLikeHtml('<!doctype html><html><body>x</body></html>'), true);
    assert.equal(looksLikeHtml(new TextEncoder().encode('\uFEFF  <!-- saved --> <html lang="en">')), true);
    assert.equal(looksLikeHtml('MOSCOW (Reuters) - A delegation <b>arrived</b>.'), false);
  });
});

describe('extractHtml on Readability test pages', () => {
  // A spread of news sites and languages; the full set is scored by `dateline eval html`.
  const PAGES = ['bbc-1', 'guardian-1', 'nytimes-1', 'lemonde-1', 'aktualne', 'folha', 'wapo-1', 'herald-sun-1'];
  for (const name of PAGES) {
    it(`${name}: main-text word F1 of at least 0.95, and the title`, () => {
      const source = readShared('eval', 'html', 'readability-pages', name, 'source.html');
      const expected = readShared('eval', 'html', 'readability-pages', name, 'expected.html');
      const metadata = JSON.parse(readShared('eval', 'html', 'readability-pages', name, 'expected-metadata.json')) as { title: string };
      const result = extractHtml(source);
      const score = scoreWords(wordTokens(expectedText(expected)), wordTokens(result.text));
      assert.ok(score.f1 >= 0.95, `word F1 ${score.f1.toFixed(3)}`);
      assert.equal(result.title?.replace(/\s+/g, ' '), metadata.title.replace(/\s+/g, ' ').trim());
    });
  }
});

/** Windows-1251 encoder for the test: ASCII as is, А–я at 0xC0–0xFF, Ё/ё at 0xA8/0xB8. */
function encodeWindows1251(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (code === 0x401) bytes.push(0xa8);
    else if (code === 0x451) bytes.push(0xb8);
    else throw new Error(`not in the test encoder: ${char}`);
  }
  return new Uint8Array(bytes);
}
