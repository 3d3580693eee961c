/**
 * The benchmark corpus, made at run time from the MEANTIME dev texts (read from `../shared`, never
 * copied into the repo). Most MEANTIME articles are shorter than 600 tokens, so each benchmark
 * article starts with one document (title, date line, body) and goes on with the body sentences of
 * the following documents (cycling through the corpus), each document a new paragraph, stopping at
 * the first sentence end at or past `targetTokens` MEANTIME tokens (longer documents are cut
 * there too). One article per document, with that document's publication date.
 */
import { join } from 'node:path';
import { packageRoot } from '../src/pipeline/resources.js';
import { readMeantimeFolder, type MeantimeDocument } from '../eval/meantime.js';

export interface BenchArticle {
  text: string;
  published: string | null;
  /** MEANTIME tokens in the text. */
  tokens: number;
  /** The documents it is made of (relative paths). */
  sources: string[];
}

export const defaultCorpusDir = (): string => join(packageRoot(), '..', 'shared', 'eval', 'meantime', 'dev');

interface Sentence {
  text: string;
  tokens: number;
  /** Paragraph index within its document (0 title, 1 date line, 2 body when there is a date line). */
  paragraph: number;
}

/** The sentences of a document with their token counts and paragraphs. */
function sentencesOf(document: MeantimeDocument): Sentence[] {
  const counts = new Map<number, number>();
  for (const token of document.tokens) if (token.text !== '') counts.set(token.sentence, (counts.get(token.sentence) ?? 0) + 1);
  const out: Sentence[] = [];
  document.sentences.forEach((span, index) => {
    const tokens = counts.get(index) ?? 0;
    if (tokens === 0) return;
    const paragraph = (document.text.slice(0, span.start).match(/\n\n/g) ?? []).length;
    out.push({ text: document.text.slice(span.start, span.end), tokens, paragraph });
  });
  return out;
}

/**
 * Builds one article per document of `dir`: the document's own sentences, then the body sentences
 * (after title and date line) of the following documents, cycling, each document's sentences a new
 * paragraph, up to the first sentence end at or past `targetTokens` MEANTIME tokens.
 */
export async function buildBenchCorpus(dir = defaultCorpusDir(), targetTokens = 600): Promise<BenchArticle[]> {
  const documents = await readMeantimeFolder(dir);
  const sentences = documents.map(sentencesOf);
  const bodies = sentences.map((list) => {
    const first = list[0]?.paragraph ?? 0;
    const bodyStart = list.findIndex((s) => s.paragraph >= first + 2);
    return bodyStart < 0 ? list.slice(1) : list.slice(bodyStart);
  });
  return documents.map((document, i) => {
    const paragraphs: string[][] = [];
    let tokens = 0;
    const sources: string[] = [];
    const add = (list: Sentence[], source: string): void => {
      let last = -1;
      for (const sentence of list) {
        if (tokens >= targetTokens) break;
        if (sentence.paragraph !== last || paragraphs.length === 0) paragraphs.push([]);
        last = sentence.paragraph;
        paragraphs[paragraphs.length - 1]!.push(sentence.text);
        tokens += sentence.tokens;
      }
      sources.push(source);
    };
    add(sentences[i]!, document.path);
    for (let j = 1; tokens < targetTokens && j <= documents.length; j++) {
      const k = (i + j) % documents.length;
      if (bodies[k]!.length > 0) add(bodies[k]!, documents[k]!.path);
    }
    return { text: paragraphs.map((p) => p.join(' ')).join('\n\n'), published: document.published, tokens, sources };
  });
}

/** One generated ingest-benchmark article (a JSONL record of `dateline ingest`). */
export interface GeneratedArticle {
  text: string;
  published: string;
  url: string;
  outlet: string;
  /** The URL of the article this one is a wire copy of. */
  copyOf?: string;
}

export interface GenerateOptions {
  /** Share of articles that are wire copies of an earlier one (new first line, one paragraph dropped). Default 0.02. */
  wireCopyShare?: number;
  /** Body sentences per article (default 24: about 600 MEANTIME tokens, as `buildBenchCorpus`). */
  sentences?: number;
}

/** A small deterministic generator (mulberry32) so every run builds the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct articles for the ingest benchmark, made from the MEANTIME dev sentences (read
 * at run time): each takes one document's title as its first line, then `sentences` body sentences
 * drawn at random from the whole corpus, four to a paragraph, so two articles share almost no
 * 5-word shingle; a few (`wireCopyShare`) are wire copies of an earlier article, as in a real feed.
 * Dates spread over two years (2020–2021) so exports have many month partitions.
 */
export async function* generateBenchArticles(count: number, options: GenerateOptions = {}, dir = defaultCorpusDir()): AsyncGenerator<GeneratedArticle> {
  const documents = await readMeantimeFolder(dir);
  const all = documents.map(sentencesOf);
  const titles = all.map((list) => list[0]?.text ?? 'News');
  const body = all.flatMap((list) => list.filter((s) => s.paragraph > (list[0]?.paragraph ?? 0)));
  const next = random(20_240_307);
  const perArticle = options.sentences ?? 24;
  const copyShare = options.wireCopyShare ?? 0.02;
  const recent: GeneratedArticle[] = [];
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    const published = new Date(start + Math.floor((i * 730) / Math.max(1, count)) * 86_400_000).toISOString().slice(0, 10);
    const outlet = `Outlet ${1 + Math.floor(next() * 40)}`;
    if (recent.length > 0 && next() < copyShare) {
      const index = Math.floor(next() * recent.length);
      const original = recent[index]!;
      const paragraphs = original.text.split('\n\n');
      const dropped = 1 + Math.floor(next() * (paragraphs.length - 1));
      const text = [`By ${outlet} staff`, ...paragraphs.filter((_, p) => p !== dropped)].join('\n\n');
      yield { text, published, url: `https://bench.example.org/${i + 1}`, outlet, copyOf: original.url };
      continue;
    }
    const sentences: string[] = [];
    for (let s = 0; s < perArticle; s++) sentences.push(body[Math.floor(next() * body.length)]!.text);
    const paragraphs = [titles[i % titles.length]!];
    for (let s = 0; s < sentences.length; s += 4) paragraphs.push(sentences.slice(s, s + 4).join(' '));
    const article = { text: paragraphs.join('\n\n'), published, url: `https://bench.example.org/${i + 1}`, outlet };
    recent.push(article);
    if (recent.length > 200) recent.shift();
    yield article;
  }
}
