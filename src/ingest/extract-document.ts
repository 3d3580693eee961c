/**
 * One source document to an article record, with the pipeline: HTML (a page, a feed item's
 * content, a JSONL `html` field) goes through extract-html first; the document's own metadata
 * (a JSONL record's or a feed item's title, date, URL, outlet) wins over what the page says.
 * A document that gives no text is a failure with the reason's code; nothing here throws.
 */
import { DatelineError } from '../core/diagnostics.js';
import type { Article } from '../core/record.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Limits } from '../pipeline/stage.js';
import type { SourceDocument } from '../sources/document.js';
import { htmlToArticleInput } from '../stages/02-extract-html/extract-html.js';

export type Extraction =
  | { ok: true; article: Article; canonicalUrl?: string; charsetRule?: string }
  | { ok: false; code: string; message: string; stage: string };

const sourceKinds: Record<SourceDocument['format'], Article['source']['kind']> = { text: 'text', html: 'html', jsonl: 'jsonl', 'feed-item': 'feed' };

export function extractDocument(pipeline: Pipeline, document: SourceDocument, limits: Limits): Extraction {
  try {
    return extractUnsafe(pipeline, document, limits);
  } catch (error) {
    // A bug in a stage must not stop a run of thousands of documents: it is this document's error.
    return { ok: false, code: 'PIPELINE_CRASHED', message: `the pipeline failed on this document: ${(error as Error).stack ?? String(error)}`, stage: 'pipeline' };
  }
}

function extractUnsafe(pipeline: Pipeline, document: SourceDocument, limits: Limits): Extraction {
  const { meta } = document;
  const content = document.bytes ?? document.text ?? '';
  const source: Article['source'] = { kind: sourceKinds[document.format], uri: meta.url ?? document.uri, ...(meta.outlet ? { outlet: meta.outlet } : {}) };
  let article: Article;
  let canonicalUrl = meta.url;
  let charsetRule = meta.charsetRule;
  if (meta.html) {
    const input = htmlToArticleInput(content, { maxBytes: limits.maxBytes, ...(meta.url ? { url: meta.url } : {}) });
    charsetRule ??= input.charsetRule;
    if (input.text.trim() === '') {
      const reason = input.diagnostics.find((d) => d.severity === 'error');
      return { ok: false, code: reason?.code ?? 'HTML_NO_TEXT', message: reason?.message ?? 'the page holds no article text', stage: reason?.stage ?? 'extract-html' };
    }
    if (input.siteName && !source.outlet) source.outlet = input.siteName;
    canonicalUrl = input.canonicalUrl ?? canonicalUrl;
    const title = meta.title ?? input.title;
    article = extractWithDate(pipeline, input.text, meta.published ?? input.published, {
      ...(title ? { title } : {}),
      ...(input.byline ? { byline: input.byline } : {}),
      source,
      limits,
    });
    // The page's decoding and extraction come first; the pipeline's own "decoded a string" note says nothing here.
    article.diagnostics = [...input.diagnostics, ...article.diagnostics.filter((d) => !(d.code === 'DECODE_CHARSET' && d.message.endsWith('rule string')))];
    if (input.language && article.language !== input.language.slice(0, 2).toLowerCase()) {
      article.diagnostics.push({ severity: 'info', code: 'HTML_LANGUAGE', message: `the page declares language ${input.language}`, stage: 'extract-html' });
    }
  } else {
    article = extractWithDate(pipeline, content, meta.published, { ...(meta.title ? { title: meta.title } : {}), source, limits });
    charsetRule ??= article.diagnostics.find((d) => d.code === 'DECODE_CHARSET')?.message.match(/rule (\S+)$/)?.[1];
  }
  if (article.text.trim() === '' || article.sentences.length === 0) {
    const reason = article.diagnostics.find((d) => d.severity === 'error');
    return { ok: false, code: reason?.code ?? 'EXTRACT_NOTHING', message: reason?.message ?? 'no sentences found in the document', stage: reason?.stage ?? 'pipeline' };
  }
  return { ok: true, article, ...(canonicalUrl ? { canonicalUrl } : {}), ...(charsetRule ? { charsetRule } : {}) };
}

/** Extracts with the document's date; a date the pipeline refuses is dropped with a warning instead of failing the document. */
function extractWithDate(pipeline: Pipeline, input: string | Uint8Array, published: string | undefined, options: Omit<Parameters<Pipeline['extract']>[1] & object, 'published'>): Article {
  try {
    return pipeline.extract(input, { ...options, published: published ?? null });
  } catch (error) {
    if (!(error instanceof DatelineError) || error.code !== 'OPTION_PUBLISHED') throw error;
    const article = pipeline.extract(input, { ...options, published: null });
    article.diagnostics.push({ severity: 'warning', code: 'SOURCE_BAD_DATE', message: `the document's publication date ${JSON.stringify(published)} is not an ISO date; ignored`, stage: 'ingest' });
    return article;
  }
}
