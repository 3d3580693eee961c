/**
 * CoNLL-U reader and writer (Universal Dependencies' file format). The reader keeps the syntactic
 * words (the rows the trees are over) and, for round-tripping, comment lines, multiword-token
 * ranges (`1-2 don't`) and empty nodes (`8.1`). It validates what the parser relies on (ids in
 * order, heads inside the sentence) and throws with the line number otherwise; it does no I/O.
 */

/** One syntactic word: the ten CoNLL-U columns, with `head` as a 1-based id (0 = root) or null for `_`. */
export interface ConlluWord {
  id: number;
  form: string;
  lemma: string;
  upos: string;
  xpos: string;
  feats: string;
  head: number | null;
  deprel: string;
  deps: string;
  misc: string;
}

/** A line that is not a word but must survive a round trip: a multiword-token range or an empty node, placed before word `before` (1-based). */
export interface ConlluExtraLine {
  before: number;
  line: string;
}

export interface ConlluSentence {
  comments: string[];
  words: ConlluWord[];
  extras: ConlluExtraLine[];
}

/** Reads every sentence of a CoNLL-U document. */
export function readConllu(text: string): ConlluSentence[] {
  const sentences: ConlluSentence[] = [];
  let current: ConlluSentence = { comments: [], words: [], extras: [] };
  const flush = (): void => {
    if (current.words.length > 0 || current.comments.length > 0) {
      for (const word of current.words) {
        if (word.head !== null && word.head > current.words.length) {
          throw new Error(`conllu: word ${word.id} (${word.form}) has head ${word.head}, beyond the sentence's ${current.words.length} words`);
        }
      }
      sentences.push(current);
    }
    current = { comments: [], words: [], extras: [] };
  };
  const lines = text.split(/\r?\n/);
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) {
      current.comments.push(line);
      continue;
    }
    const columns = line.split('\t');
    if (columns.length !== 10) throw new Error(`conllu: line ${lineIndex + 1} has ${columns.length} columns, expected 10`);
    const id = columns[0]!;
    if (/^\d+-\d+$/.test(id) || /^\d+\.\d+$/.test(id)) {
      current.extras.push({ before: current.words.length + 1, line });
      continue;
    }
    if (!/^\d+$/.test(id)) throw new Error(`conllu: line ${lineIndex + 1} has id ${JSON.stringify(id)}, expected a number, a range (1-2) or an empty node (1.1)`);
    const wordId = Number(id);
    if (wordId !== current.words.length + 1) throw new Error(`conllu: line ${lineIndex + 1} has word id ${wordId}, expected ${current.words.length + 1}`);
    const headColumn = columns[6]!;
    if (headColumn !== '_' && !/^\d+$/.test(headColumn)) throw new Error(`conllu: line ${lineIndex + 1} has head ${JSON.stringify(headColumn)}, expected a number or _`);
    current.words.push({
      id: wordId,
      form: columns[1]!,
      lemma: columns[2]!,
      upos: columns[3]!,
      xpos: columns[4]!,
      feats: columns[5]!,
      head: headColumn === '_' ? null : Number(headColumn),
      deprel: columns[7]!,
      deps: columns[8]!,
      misc: columns[9]!,
    });
  }
  flush();
  return sentences;
}

/** Writes sentences back as CoNLL-U; `readConllu(writeConllu(s))` gives `s` again. */
export function writeConllu(sentences: readonly ConlluSentence[]): string {
  const out: string[] = [];
  for (const sentence of sentences) {
    out.push(...sentence.comments);
    let extra = 0;
    const words = sentence.words;
    for (let i = 0; i <= words.length; i++) {
      while (extra < sentence.extras.length && sentence.extras[extra]!.before === i + 1) out.push(sentence.extras[extra++]!.line);
      const word = words[i];
      if (!word) break;
      out.push(
        [word.id, word.form, word.lemma, word.upos, word.xpos, word.feats, word.head === null ? '_' : word.head, word.deprel, word.deps, word.misc].join('\t'),
      );
    }
    while (extra < sentence.extras.length) out.push(sentence.extras[extra++]!.line);
    out.push('');
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
