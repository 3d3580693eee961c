/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feed files to documents, one per item. When the item's own page
 * was saved beside the feed (`<slug>.html`, `<slug>.htm` or `<slug>/index.html`, named after the
 * last part of the item's link), that page is the document, with the item's title, date and link;
 * otherwise the item's content (`content:encoded`, `content`, `description`, `summary`) is. The
 * feed's charset is decided like a page's: BOM, XML declaration, then detection, and the rule is
 * kept on every item. A feed that is not XML, or has no items, is one recorded error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeHtmlBytes, normaliseDate } from '../stages/02-extract-html/extract-html.js';
import { makeDocument, makeError, type DocumentMeta, type SourceItem } from './document.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type XmlNode = Record<string, unknown>;

/** The text of an XML node (a string, or an element with text and attributes). */
function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node.trim() || undefined;
  if (typeof node === 'number') return String(node);
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'object') return textOf((node as XmlNode)['#text']);
  return undefined;
}

/** An item's link: RSS `<link>text</link>`, Atom `<link rel="alternate" href>` (or the first href). */
function linkOf(item: XmlNode): string | undefined {
  const links = (item['link'] as unknown[] | undefined) ?? [];
  for (const link of links) {
    if (typeof link === 'string' && link.trim()) return link.trim();
    if (link && typeof link === 'object') {
      const href = (link as XmlNode)['@_href'];
      const rel = (link as XmlNode)['@_rel'];
      if (typeof href === 'string' && (rel === undefined || rel === 'alternate')) return href;
    }
  }
  const first = links.find((l): l is XmlNode => typeof l === 'object' && l !== null && typeof (l as XmlNode)['@_href'] === 'string');
  return (first?.['@_href'] as string | undefined) ?? (textOf(item['guid']) && /^https?:/.test(textOf(item['guid'])!) ? textOf(item['guid']) : undefined);
}

interface FeedItem {
  title?: string;
  link?: string;
  published?: string;
  content?: string;
}

function itemsOf(root: XmlNode): { outlet?: string; items: FeedItem[] } | undefined {
  const rss = root['rss'] as XmlNode | undefined;
  const rdf = root['rdf:RDF'] as XmlNode | undefined;
  const atom = root['feed'] as XmlNode | undefined;
  const channel = (rss?.['channel'] ?? rdf?.['channel']) as XmlNode | undefined;
  if (rss || rdf) {
    const raw = ((channel?.['item'] ?? rdf?.['item']) as XmlNode[] | undefined) ?? [];
    const outlet = textOf(channel?.['title']);
    return {
      ...(outlet ? { outlet } : {}),
      items: raw.map((item) => ({
        title: textOf(item['title']),
        link: linkOf(item),
        published: textOf(item['pubDate']) ?? textOf(item['dc:date']),
        content: textOf(item['content:encoded']) ?? textOf(item['description']),
      })),
    };
  }
  if (atom) {
    const raw = (atom['entry'] as XmlNode[] | undefined) ?? [];
    const outlet = textOf(atom['title']);
    return {
      ...(outlet ? { outlet } : {}),
      items: raw.map((entry) => ({
        title: textOf(entry['title']),
        link: linkOf(entry),
        published: textOf(entry['published']) ?? textOf(entry['updated']),
        content: textOf(entry['content']) ?? textOf(entry['summary']),
      })),
    };
  }
  return undefined;
}

/** True when the bytes look like a feed (an `<rss`, `<rdf:RDF` or `<feed` root near the start). */
export function looksLikeFeed(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  return /<(?:rss|rdf:RDF|feed)[\s>]/.test(head);
}

/** The page of an item saved beside the feed, if any. */
export function savedPageFor(link: string | undefined, feedDir: string): string | undefined {
  if (!link) return undefined;
  let path: string;
  try {
    path = new URL(link).pathname;
  } catch {
    return undefined;
  }
  const slug = decodeURIComponent(path.split('/').filter(Boolean).at(-1) ?? '');
  if (!slug || slug.includes('\\') || slug === '..') return undefined;
  const base = slug.replace(/\.(?:html?|php|aspx?)$/i, '');
  for (const name of [`${base}.html`, `${base}.htm`, join(base, 'index.html')]) {
    const candidate = join(feedDir, name);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export interface FeedOptions {
  maxBytes: number;
  /** Told of each saved page used, so a folder walk does not ingest it a second time. */
  onPageUsed?: (path: string) => void;
}

/** The documents of one feed file. */
export function* readFeed(bytes: Uint8Array, uri: string, options: FeedOptions): Generator<SourceItem> {
  const identity = `${bytes.byteLength}:${Buffer.from(bytes.subarray(0, 4096)).toString('latin1')}`;
  const decoded = decodeHtmlBytes(bytes);
  const xml = decoded.text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    yield makeError('feed', uri, 'FEED_INVALID_XML', `the feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`, identity);
    return;
  }
  const feed = itemsOf(parser.parse(xml) as XmlNode);
  if (!feed) {
    yield makeError('feed', uri, 'FEED_UNKNOWN_FORMAT', 'the XML is not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> root)', identity);
    return;
  }
  if (feed.items.length === 0) {
    yield makeError('feed', uri, 'FEED_EMPTY', 'the feed has no items', identity);
    return;
  }
  const feedDir = dirname(uri);
  for (const [index, item] of feed.items.entries()) {
    const meta: DocumentMeta = { html: true, charsetRule: decoded.charsetRule };
    if (item.link) meta.url = item.link;
    if (item.title) meta.title = item.title;
    const published = item.published ? normaliseDate(item.published) : undefined;
    if (published) meta.published = published;
    if (feed.outlet) meta.outlet = feed.outlet;
    const itemUri = `${uri}#item-${index + 1}`;
    const page = savedPageFor(item.link, feedDir);
    if (page) {
      const size = statSync(page).size;
      if (size > options.maxBytes) {
        yield makeError('html', page, 'INPUT_TOO_LARGE', `${page} is ${size} bytes; the limit is ${options.maxBytes} bytes (--max-bytes)`, `${size}`);
        continue;
      }
      options.onPageUsed?.(page);
      const { charsetRule: _rule, ...pageMeta } = meta;
      yield { kind: 'document', document: makeDocument('html', page, pageMeta, { bytes: new Uint8Array(readFileSync(page)) }) };
      continue;
    }
    if (!item.content) {
      yield makeError('feed-item', itemUri, 'FEED_ITEM_EMPTY', `item ${index + 1}${item.title ? ` ("${item.title}")` : ''} has no content and no saved page`, JSON.stringify(item));
      continue;
    }
    yield { kind: 'document', document: makeDocument('feed-item', itemUri, meta, { text: item.content }) };
  }
}
