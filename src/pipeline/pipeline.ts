/**
 * The pipeline: runs the stages in order over one article. It owns the per-article budget and the
 * stage timings; stages own everything else. `extract()` is the library's main entry point.
 */
import { performance } from 'node:perf_hooks';
import { createDiagnosticSink, DatelineError } from '../core/diagnostics.js';
import { contentHash } from '../core/hash.js';
import type { Article, Diagnostic } from '../core/record.js';
import { decodeInput } from '../stages/01-decode/decode.js';
import { htmlToArticleInput, looksLikeHtml, type ArticleInput } from '../stages/02-extract-html/extract-html.js';
import { normaliseStage } from '../stages/03-normalise/normalise.js';
import { datelineStage } from '../stages/03-normalise/dateline.js';
import { segmentStage } from '../stages/04-segment/segment.js';
import { parseStage } from '../stages/05-parse/parse.js';
import { entitiesStage } from '../stages/06-entities/entities.js';
import { coreferenceStage } from '../stages/06-entities/coreference.js';
import { timesStage } from '../stages/07-times/times.js';
import { quotesStage } from '../stages/08-quotes/quotes.js';
import { quoteLinksStage } from '../stages/08-quotes/quote-links.js';
import { eventsStage } from '../stages/09-events/events.js';
import { framingStage } from '../stages/10-framing/framing.js';
import { loadResources, type ResourceOptions, type Resources } from './resources.js';
import { defaultLimits, type Limits, type Stage, type StageContext } from './stage.js';

/** The stages in pipeline order. */
export const stages: readonly Stage[] = [normaliseStage, datelineStage, segmentStage, parseStage, entitiesStage, coreferenceStage, timesStage, quotesStage, eventsStage, quoteLinksStage, framingStage];

export interface ExtractOptions {
  /** `text` (default), `html` (main text and metadata are extracted from the page first), or `auto` (html when the input starts like a page). */
  format?: 'text' | 'html' | 'auto';
  /** The page's URL, for HTML input: resolves a relative canonical link. */
  url?: string;
  /** Publication date, ISO 8601 date or datetime. Without it relative dates stay unresolved (`anchor: none`). */
  published?: string | null;
  title?: string;
  byline?: string;
  source?: Article['source'];
  limits?: Partial<Limits>;
  /** Filled with milliseconds spent per stage (added to what is there), for benchmarks. */
  timings?: Record<string, number>;
}

export interface Pipeline {
  readonly resources: Resources;
  extract(input: string | Uint8Array, options?: ExtractOptions): Article;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Validates a publication date given by a caller (a configuration error, so it throws). */
export function checkPublished(published: string | null | undefined): string | null {
  if (published === undefined || published === null || published === '') return null;
  if (!ISO_DATE.test(published) || Number.isNaN(Date.parse(published.slice(0, 10)))) {
    throw new DatelineError('OPTION_PUBLISHED', `published must be an ISO 8601 date such as 2020-01-22 (got ${JSON.stringify(published)})`);
  }
  return published;
}

export interface PipelineOptions extends ResourceOptions {
  /**
   * Run only these stages (names as in `stages`, kept in pipeline order): e.g. the entity and date
   * stages without the parse. Later stages that need an earlier one's output record a diagnostic.
   */
  only?: string[];
}

export function createPipeline(options: PipelineOptions = {}): Pipeline {
  const { only, ...resourceOptions } = options;
  const resources = loadResources(resourceOptions);
  if (only) {
    const unknown = only.filter((name) => !stages.some((stage) => stage.name === name));
    if (unknown.length > 0) throw new DatelineError('OPTION_STAGES', `unknown stage(s) ${unknown.join(', ')}; the stages are ${stages.map((stage) => stage.name).join(', ')}`);
  }
  const selected = only ? stages.filter((stage) => only.includes(stage.name)) : stages;
  return {
    resources,
    extract(input, options = {}) {
      const limits: Limits = { ...defaultLimits, ...options.limits };
      const diagnostics: Diagnostic[] = [];
      const started = performance.now();
      let page: ArticleInput | undefined;
      if (options.format === 'html' || (options.format === 'auto' && looksLikeHtml(input))) {
        const url = options.url ?? options.source?.uri;
        page = htmlToArticleInput(input, { maxBytes: limits.maxBytes, ...(url ? { url } : {}) });
        diagnostics.push(...page.diagnostics);
        input = page.text;
      }
      // A date the caller gives wins over the page's own; a page date that is not ISO is left out.
      const published = checkPublished(options.published) ?? (page?.published && ISO_DATE.test(page.published) ? page.published : null);
      const decoded = decodeInput(input, limits.maxBytes, createDiagnosticSink(diagnostics, 'decode'));
      const title = options.title ?? page?.title;
      const byline = options.byline ?? page?.byline;
      const article: Article = {
        id: '',
        schemaVersion: 1,
        source: page ? { ...(options.source ?? {}), kind: 'html', ...(page.canonicalUrl ? { uri: page.canonicalUrl } : {}) } : (options.source ?? { kind: 'text' }),
        ...(title ? { title } : {}),
        ...(byline ? { byline } : {}),
        language: page?.language?.toLowerCase().split(/[-_]/)[0] || 'en',
        published,
        text: decoded.text ?? '',
        paragraphs: [],
        sentences: [],
        entities: [],
        times: [],
        quotes: [],
        events: [],
        framing: [],
        diagnostics,
      };
      if (decoded.text !== null) {
        if (!page) diagnostics.push({ severity: 'info', code: 'DECODE_CHARSET', message: `charset decided by rule ${decoded.charsetRule}`, stage: 'decode' });
        for (const stage of selected) {
          if (performance.now() - started > limits.maxMillis) {
            diagnostics.push({
              severity: 'error',
              code: 'PIPELINE_TIMEOUT',
              message: `stopped before stage ${stage.name}: the article took longer than ${limits.maxMillis} ms (option limits.maxMillis)`,
              stage: 'pipeline',
            });
            break;
          }
          const context: StageContext = {
            published,
            resources,
            limits,
            diagnostics: createDiagnosticSink(diagnostics, stage.name),
            now: () => performance.now(),
          };
          const stageStarted = performance.now();
          stage.run(article, context);
          if (options.timings) options.timings[stage.name] = (options.timings[stage.name] ?? 0) + performance.now() - stageStarted;
        }
      }
      article.id = contentHash(article.text);
      return article;
    },
  };
}

let defaultPipeline: Pipeline | undefined;

/**
 * Turns one article (text, or bytes in UTF-8/UTF-16 with BOM/Windows-1252) into the article record.
 * Problems with the input are recorded in `diagnostics`, never thrown; a bad option throws `DatelineError`.
 */
export function extract(input: string | Uint8Array, options: ExtractOptions = {}): Article {
  defaultPipeline ??= createPipeline();
  return defaultPipeline.extract(input, options);
}
