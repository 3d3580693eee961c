/**
 * `dateline eval html <dir>`: score HTML extraction against pages in the Readability test-page
 * format (one folder per page: source.html, expected.html, expected-metadata.json). A readable table
 * by default, one JSON object with `--json`, the worst pages and metadata mismatches with `--errors`.
 * The evaluation code lives in `eval/html.ts` and is loaded only when the command runs.
 */
import type { Command } from 'commander';
import { writeOut } from '../io.js';
import { guarded, roundScores } from '../scores.js';
import { integerOption } from '../options.js';

interface EvalHtmlFlags {
  json?: boolean;
  errors?: boolean;
  limit?: number;
}

/** Adds the `html` subcommand to the `eval` command. */
export function registerEvalHtml(evalCommand: Command, setExitCode: (code: number) => void): void {
  evalCommand
    .command('html')
    .description('score HTML main-text extraction (word F1) and title / byline / date accuracy against Readability-format test pages')
    .argument('<dir>', 'folder of page folders, each with source.html, expected.html and expected-metadata.json')
    .option('--json', 'print one JSON object: {pages, wordF1, titleAccuracy, bylineAccuracy, dateAccuracy, ...}')
    .option('--errors', 'print the pages with the lowest word F1 and every title, byline, date and language mismatch')
    .option('--limit <n>', 'only the first N pages (by folder name)', integerOption)
    .action(async (dir: string, flags: EvalHtmlFlags) => {
      const html = await import('../../../eval/html.js');
      const options = flags.limit !== undefined ? { limit: flags.limit } : {};
      await guarded(setExitCode, async () => {
        const pages = html.runHtmlPages(dir, options);
        if (flags.errors) {
          writeOut(html.formatHtmlErrors(html.htmlErrors(pages)));
          return;
        }
        const result = html.summariseHtml(dir, pages);
        if (flags.json) {
          const { dir: _dir, definition, textRules, ...scores } = result;
          writeOut(JSON.stringify({ corpus: 'html', dir, ...roundScores(scores), textRules, definition }));
        } else writeOut(html.formatHtmlTable(result));
      });
    });
}
