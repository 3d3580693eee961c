/**
 * `dateline eval ud <file.conllu>`: tags and parses the gold words of a CoNLL-U file with the
 * shipped (or a given) parser model and prints UAS, LAS and label accuracy, punctuation excluded
 * and included, plus tokens/s; `--json` prints `{uas, las, labelAccuracy, tokensPerSecond, ...}`
 * (punctuation excluded, 0..1). `--min-las` turns it into a check (exit code 1 below the floor).
 */
import type { Command } from 'commander';
import { logError, writeOut } from '../io.js';
import { integerOption } from '../options.js';

interface EvalUdFlags {
  json?: boolean;
  limit?: number;
  model?: string;
  compareWink?: boolean;
  minLas?: string;
}

/** Adds the `ud` subcommand to the `eval` command. */
export function registerEvalUd(evalCommand: Command, setExitCode: (code: number) => void): void {
  evalCommand
    .command('ud')
    .description('score the dependency parser (and its tagger) on a CoNLL-U file: gold tokens, predicted tags')
    .argument('<file>', 'a CoNLL-U file, e.g. ../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu')
    .option('--json', 'print one JSON object')
    .option('--limit <n>', 'only the first N sentences', integerOption)
    .option('--model <path>', 'a parser model file instead of the shipped one')
    .option('--compare-wink', "also score the segmenter's (wink-nlp) UPOS tags on the same words")
    .option('--min-las <score>', 'exit with code 1 when LAS (punctuation excluded, 0..1) is below this')
    .action(async (file: string, flags: EvalUdFlags) => {
      const [{ evaluateUdFile, formatUdTable, scoreWinkTags }, { loadParserModel }, { readFileSync }, { readConllu }] = await Promise.all([
        import('../../../eval/ud.js'),
        import('../../pipeline/resources.js'),
        import('node:fs'),
        import('../../stages/05-parse/conllu.js'),
      ]);
      let result;
      try {
        result = evaluateUdFile(file, loadParserModel(flags.model), flags.limit !== undefined ? { limit: flags.limit } : {});
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR') {
          logError(`EVAL_NO_DATA: cannot read ${file}: ${code}`);
          setExitCode(1);
          return;
        }
        throw error;
      }
      let wink: { upos: number; aligned: number } | undefined;
      if (flags.compareWink) {
        const { createTagger } = await import('../../stages/04-segment/tagger.js');
        let gold = readConllu(readFileSync(file, 'utf8'));
        if (flags.limit !== undefined) gold = gold.slice(0, flags.limit);
        wink = scoreWinkTags(gold, createTagger());
      }
      if (flags.json) {
        const { uas, las, labelAccuracy, tokensPerSecond, ...rest } = result;
        writeOut(JSON.stringify({ uas, las, labelAccuracy, tokensPerSecond, ...rest, ...(wink ? { winkUpos: wink.upos, winkAligned: wink.aligned } : {}) }));
      } else {
        writeOut(formatUdTable(result));
        if (wink) writeOut(`wink-nlp (segmenter) UPOS on the same words: ${(wink.upos * 100).toFixed(2)} (${(wink.aligned * 100).toFixed(1)}% of words tokenised alike)`);
      }
      if (flags.minLas !== undefined) {
        const floor = Number(flags.minLas);
        if (!(floor >= 0 && floor <= 1)) {
          logError(`EVAL_OPTION: --min-las expects a number from 0 to 1, got ${JSON.stringify(flags.minLas)}`);
          setExitCode(2);
        } else if (result.las < floor) {
          logError(`EVAL_BELOW_FLOOR: LAS ${result.las.toFixed(4)} is below --min-las ${floor}`);
          setExitCode(1);
        }
      }
    });
}
