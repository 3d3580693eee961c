/**
 * `dateline bench`: extract throughput (articles/s, tokens/s) and peak memory on a corpus made from
 * the MEANTIME dev texts, with the stage-by-stage split. The benchmark code lives in `bench/` and is
 * loaded only when the command runs.
 */
import type { Command } from 'commander';
import { logError, writeOut } from '../io.js';
import { integerOption } from '../options.js';

interface BenchFlags {
  json?: boolean;
  articles?: number;
  corpus?: string;
  stages?: string;
}

export function registerBench(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('bench')
    .description('measure extract throughput and peak memory on a corpus made from the MEANTIME dev texts')
    .option('--json', 'print one JSON object')
    .option('--articles <n>', 'articles to time (default: about 6 seconds worth)', integerOption)
    .option('--corpus <dir>', 'MEANTIME folder to build the corpus from (default ../shared/eval/meantime/dev)')
    .option('--stages <names>', 'only these stages, comma-separated (e.g. normalise,dateline,segment,entities,times)')
    .action(async (flags: BenchFlags) => {
      const { runBench, formatBench } = await import('../../../bench/bench.js');
      const { createPipeline } = await import('../../index.js');
      let result;
      try {
        result = await runBench({
          ...(flags.articles !== undefined ? { articles: flags.articles } : {}),
          ...(flags.corpus !== undefined ? { corpusDir: flags.corpus } : {}),
          ...(flags.stages !== undefined ? { pipeline: createPipeline({ only: flags.stages.split(',').map((name) => name.trim()) }) } : {}),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || (error instanceof Error && /^no \*\.xml files/.test(error.message))) {
          logError(`BENCH_NO_CORPUS: ${(error as Error).message}`);
          setExitCode(1);
          return;
        }
        throw error;
      }
      if (flags.json) {
        const r = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
        writeOut(
          JSON.stringify({
            articlesPerSecond: r(result.articlesPerSecond, 1),
            tokensPerSecond: r(result.tokensPerSecond, 0),
            peakRssMb: r(result.peakRssMb, 1),
            stages: Object.fromEntries(Object.entries(result.stages).map(([k, v]) => [k, r(v, 4)])),
            msPerArticle: r(result.msPerArticle, 4),
            articles: result.articles,
            seconds: r(result.seconds, 2),
            tokensPerArticle: r(result.tokensPerArticle, 0),
            corpus: { ...result.corpus, meantimeTokensPerArticle: r(result.corpus.meantimeTokensPerArticle, 0) },
          }),
        );
      } else writeOut(formatBench(result));
    });
}
