/**
 * `dateline eval quotes <dir>`: score quote extent and speaker accuracy against the quote gold
 * (`eval/gold/quotes-dev.jsonl` by default; the format is in `eval/gold/README.md`). `<dir>` is the
 * MEANTIME folder the gold's `meantime/...` documents are read from. A readable table by default,
 * one JSON object with `--json`, every miss with `--errors`. The evaluation code lives in
 * `eval/quotes.ts` and is loaded only when the command runs.
 */
import type { Command } from 'commander';
import { writeOut } from '../io.js';
import { guarded, roundScore as round, roundScores } from '../scores.js';

interface EvalQuotesFlags {
  json?: boolean;
  errors?: boolean;
  gold?: string;
}

/** Adds the `quotes` subcommand to the `eval` command. */
export function registerEvalQuotes(evalCommand: Command, setExitCode: (code: number) => void): void {
  evalCommand
    .command('quotes')
    .description('score quote extent (F1) and speaker accuracy against JSONL gold quotes (eval/gold/quotes-dev.jsonl)')
    .argument('<dir>', 'the MEANTIME folder the gold documents are read from, e.g. ../shared/eval/meantime/dev')
    .option('--json', 'print one JSON object: {quotes, extentF1, speakerAccuracy, ...}')
    .option('--errors', 'print every missed and spurious quote and every wrong speaker')
    .option('--gold <file>', 'gold JSONL file (default: eval/gold/quotes-dev.jsonl)')
    .action(async (dir: string, flags: EvalQuotesFlags) => {
      const quotes = await import('../../../eval/quotes.js');
      await guarded(setExitCode, async () => {
        const runs = await quotes.runQuoteEval(dir, flags.gold !== undefined ? { gold: flags.gold } : {});
        if (flags.errors) {
          writeOut(quotes.formatQuoteErrors(runs));
          return;
        }
        const scores = quotes.scoreQuoteRuns(runs);
        if (flags.json) {
          const { quotes: count, extentF1, speakerAccuracy, ...rest } = scores;
          writeOut(JSON.stringify({ quotes: count, extentF1: round(extentF1), speakerAccuracy: round(speakerAccuracy), ...roundScores(rest) }));
        } else writeOut(quotes.formatQuoteTable(scores));
      });
    });
}
