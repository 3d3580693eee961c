/**
 * Extract throughput benchmark: single process, one pipeline, the corpus of `corpus.ts` (articles
 * of ≈ 600 tokens made from the MEANTIME dev texts). Warms up for about 2 s, then runs
 * `extract` over N articles (cycling through the corpus; by default as many as take ≈ 6 s at the
 * warm-up rate) and reports articles/s, tokens/s, peak RSS and the milliseconds per article spent
 * in each stage (from the pipeline's `timings`).
 */
import { performance } from 'node:perf_hooks';
import { createPipeline, type Pipeline } from '../src/index.js';
import { buildBenchCorpus, defaultCorpusDir, type BenchArticle } from './corpus.js';

export interface BenchOptions {
  /** Articles to time (default: enough for about `seconds`). */
  articles?: number;
  /** Target duration when `articles` is not given (default 6 s). */
  seconds?: number;
  /** MEANTIME folder the corpus is made from. */
  corpusDir?: string;
  pipeline?: Pipeline;
  /** Warm-up before timing, in seconds (default 2). */
  warmupSeconds?: number;
  /** Timed rounds (default 5): the result gives each round's rate and their median. */
  rounds?: number;
}

export interface BenchResult {
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  /** Articles per second of each timed round, and their median (the machine's noise shows here). */
  roundArticlesPerSecond: number[];
  medianArticlesPerSecond: number;
  /** Tokens as the pipeline counts them (sentence tokens in the record). */
  tokensPerSecond: number;
  tokensPerArticle: number;
  peakRssMb: number;
  /** Milliseconds per article, per stage (pipeline order). */
  stages: Record<string, number>;
  /** Milliseconds per article, all of extract (stages plus decode and bookkeeping). */
  msPerArticle: number;
  corpus: { dir: string; articles: number; meantimeTokensPerArticle: number; note: string };
}

function runOnce(pipeline: Pipeline, article: BenchArticle, timings?: Record<string, number>): number {
  const record = pipeline.extract(article.text, { published: article.published, ...(timings ? { timings } : {}) });
  let tokens = 0;
  for (const sentence of record.sentences) tokens += sentence.tokens.length;
  return tokens;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const dir = options.corpusDir ?? defaultCorpusDir();
  const corpus = await buildBenchCorpus(dir);
  const pipeline = options.pipeline ?? createPipeline();

  // Warm-up: JIT and lazy tables settle only after several hundred articles, so about 2 s first (steady
  // state is what is reported); then one timed pass over the corpus sizes the default run.
  const warmUntil = performance.now() + (options.warmupSeconds ?? 2) * 1000;
  for (let i = 0; performance.now() < warmUntil; i++) runOnce(pipeline, corpus[i % corpus.length]!);
  const warmStart = performance.now();
  for (const article of corpus) runOnce(pipeline, article);
  const warmRate = corpus.length / Math.max(1e-3, (performance.now() - warmStart) / 1000);
  const n = options.articles ?? Math.max(corpus.length, Math.min(50_000, Math.round(warmRate * (options.seconds ?? 6))));

  // Timed in rounds: this kind of machine is shared and noisy, so the median round is reported beside the mean.
  const roundCount = Math.max(1, Math.min(options.rounds ?? 5, n));
  const timings: Record<string, number> = {};
  const roundRates: number[] = [];
  let tokens = 0;
  let ms = 0;
  for (let round = 0, i = 0; round < roundCount; round++) {
    const end = Math.round(((round + 1) * n) / roundCount);
    const roundStarted = performance.now();
    const roundFirst = i;
    for (; i < end; i++) tokens += runOnce(pipeline, corpus[i % corpus.length]!, timings);
    const roundMs = performance.now() - roundStarted;
    ms += roundMs;
    roundRates.push((end - roundFirst) / (roundMs / 1000));
  }
  const seconds = ms / 1000;
  const sortedRates = [...roundRates].sort((a, b) => a - b);

  const stages: Record<string, number> = {};
  for (const [name, total] of Object.entries(timings)) stages[name] = total / n;
  return {
    articles: n,
    seconds,
    articlesPerSecond: n / seconds,
    roundArticlesPerSecond: roundRates,
    medianArticlesPerSecond: sortedRates[Math.floor(sortedRates.length / 2)]!,
    tokensPerSecond: tokens / seconds,
    tokensPerArticle: tokens / n,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    stages,
    msPerArticle: ms / n,
    corpus: {
      dir,
      articles: corpus.length,
      meantimeTokensPerArticle: corpus.reduce((sum, a) => sum + a.tokens, 0) / corpus.length,
      note: 'one article per MEANTIME dev document, filled up with body sentences of the next documents (or cut) to the first sentence end at ≥ 600 tokens',
    },
  };
}

export function formatBench(result: BenchResult): string {
  const lines = [
    `corpus: ${result.corpus.articles} articles from ${result.corpus.dir} (${result.corpus.meantimeTokensPerArticle.toFixed(0)} MEANTIME tokens each on average; ${result.corpus.note})`,
    `timed: ${result.articles} articles in ${result.seconds.toFixed(2)} s, ${result.tokensPerArticle.toFixed(0)} pipeline tokens per article`,
    '',
    `  articles/s   ${result.articlesPerSecond.toFixed(1)} (median round ${result.medianArticlesPerSecond.toFixed(1)}; rounds ${result.roundArticlesPerSecond.map((r) => r.toFixed(0)).join(' ')})`,
    `  tokens/s     ${result.tokensPerSecond.toFixed(0)}`,
    `  peak RSS     ${result.peakRssMb.toFixed(1)} MB`,
    '',
    '  stage            ms/article   share',
  ];
  const total = result.msPerArticle;
  for (const [name, ms] of Object.entries(result.stages)) {
    lines.push(`  ${name.padEnd(16)} ${ms.toFixed(3).padStart(10)}  ${((ms / total) * 100).toFixed(1).padStart(5)}%`);
  }
  const staged = Object.values(result.stages).reduce((a, b) => a + b, 0);
  lines.push(`  ${'(other)'.padEnd(16)} ${(total - staged).toFixed(3).padStart(10)}  ${(((total - staged) / total) * 100).toFixed(1).padStart(5)}%`);
  lines.push(`  ${'total'.padEnd(16)} ${total.toFixed(3).padStart(10)}  100.0%`);
  return lines.join('\n');
}
