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
