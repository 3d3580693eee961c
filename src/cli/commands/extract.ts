/** `dateline extract <file|->`: one article in, its record out (JSON, or a readable summary with --format text). */
import type { Command } from 'commander';
import { defaultLimits } from '../../pipeline/stage.js';
import { InputError, logError, readInput, writeOut } from '../io.js';
import { integerOption } from '../options.js';

interface ExtractFlags {
  published?: string;
  format: string;
  title?: string;
  maxBytes: number;
  timeoutMs: number;
  gazetteer?: string[];
  compact?: boolean;
  formatIn: string;
  url?: string;
}

export function registerExtract(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('extract')
    .description('extract the article record (entities, dates, dateline, ...) from one article: a file, or - for stdin')
    .argument('<file>', 'article text file, or - to read stdin')
    .option('-p, --published <date>', 'publication date (ISO 8601, e.g. 2020-01-22); without it relative dates stay unresolved')
    .option('-f, --format <format>', 'json or text', 'json')
    .option('--title <title>', 'article title')
    .option('--max-bytes <n>', 'largest input accepted, in bytes', integerOption, defaultLimits.maxBytes)
    .option('--timeout-ms <n>', 'time budget for the article, in ms', integerOption, defaultLimits.maxMillis)
    .option('--gazetteer <file...>', 'extra gazetteer files (same format as data/gazetteer/*.json)')
    .option('--compact', 'JSON on one line')
    .option('--format-in <format>', 'input format: text, html, or auto (html for .html/.htm files and input that starts like a page)', 'auto')
    .option('--url <url>', "the page's URL, for HTML input")
    .action(async (file: string, flags: ExtractFlags) => {
      if (!['text', 'html', 'auto'].includes(flags.formatIn)) {
        logError(`--format-in must be text, html or auto (got ${flags.formatIn})`);
        setExitCode(2);
        return;
      }
      if (flags.format !== 'json' && flags.format !== 'text') {
        logError(`--format must be json or text (got ${flags.format})`);
        setExitCode(2);
        return;
      }
      let input: Uint8Array;
      try {
        input = readInput(file, flags.maxBytes);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        logError(`${error.code}: ${error.message}`);
        setExitCode(1);
        return;
      }
      // The pipeline loads only once the input is read (the CLI stays light for the other commands).
      const { createPipeline, formatArticleText } = await import('../../index.js');
      const pipeline = createPipeline({ gazetteers: flags.gazetteer ?? [] });
      const article = pipeline.extract(input, {
        published: flags.published ?? null,
        ...(flags.title ? { title: flags.title } : {}),
        source: { kind: 'text', ...(file !== '-' ? { uri: file } : {}) },
        format: flags.formatIn === 'auto' && /\.x?html?$/i.test(file) ? 'html' : (flags.formatIn as 'text' | 'html' | 'auto'),
        ...(flags.url ? { url: flags.url } : {}),
        limits: { maxBytes: flags.maxBytes, maxMillis: flags.timeoutMs },
      });
      const errors = article.diagnostics.filter((d) => d.severity === 'error');
      for (const d of errors) logError(`${d.code}: ${d.message}`);
      if (article.sentences.length === 0) {
        if (errors.length === 0) logError('EXTRACT_NOTHING: no sentences found in the input');
        setExitCode(1);
        if (article.text === '') return;
      }
      writeOut(flags.format === 'text' ? formatArticleText(article) : JSON.stringify(article, null, flags.compact ? undefined : 2));
    });
}
