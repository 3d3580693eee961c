/**
 * `dateline eval meantime <dir>` and `dateline eval timeml <dir>`: score the pipeline against gold
 * annotation in MEANTIME XML or TimeML `.tml` files (any folder in those formats). A readable table
 * by default; one JSON object with `--json`. The evaluation code lives in `eval/` and is loaded
 * only when the command runs.
 */
import type { Command } from 'commander';
import { writeOut } from '../io.js';
import { integerOption } from '../options.js';
import { guarded, roundScores as rounded } from '../scores.js';
import { registerEvalHtml } from './eval-html.js';
import { registerEvalQuotes } from './eval-quotes.js';
import { registerEvalUd } from './eval-ud.js';

interface EvalFlags {
  json?: boolean;
  errors?: boolean;
  limit?: number;
}


export function registerEval(program: Command, setExitCode: (code: number) => void): Command {
  const evalCommand = program.command('eval').description('score the pipeline against gold-annotated corpora');

  evalCommand
    .command('meantime')
    .description('score entity mentions (exact and overlap, per type) and time expressions against MEANTIME-format XML')
    .argument('<dir>', 'folder of MEANTIME *.xml files (searched recursively)')
    .option('--json', 'print one JSON object')
    .option('--errors', 'print every entity false positive and false negative (overlap match) with its sentence, and the most frequent ones; then every time expression missed, spurious or with a wrong value')
    .option('--limit <n>', 'only the first N documents', integerOption)
    .action(async (dir: string, flags: EvalFlags) => {
      await guarded(setExitCode, async () => {
        const meantime = await import('../../../eval/meantime.js');
        const options = flags.limit !== undefined ? { limit: flags.limit } : {};
        if (flags.errors) {
          const runs = await meantime.runMeantime(dir, options);
          writeOut(meantime.formatMeantimeErrors(meantime.meantimeErrors(runs)));
          writeOut(meantime.formatTimeErrors(meantime.timeErrors(runs)));
          return;
        }
        const result = await meantime.evaluateMeantime(dir, options);
        if (flags.json) {
          const { definition, ...entities } = result.entities;
          writeOut(JSON.stringify(rounded({ corpus: 'meantime', dir: result.dir, documents: result.documents, entities: { ...entities, definition }, times: result.times })));
        } else writeOut(meantime.formatMeantimeTable(result));
      });
    });

  evalCommand
    .command('timeml')
    .description("score TIMEX3 extent F1 and value accuracy against TimeML .tml files (each document's creation time is the publication date)")
    .argument('<dir>', 'folder of *.tml files (searched recursively)')
    .option('--json', 'print one JSON object')
    .option('--limit <n>', 'only the first N documents', integerOption)
    .action(async (dir: string, flags: EvalFlags) => {
      await guarded(setExitCode, async () => {
        const timeml = await import('../../../eval/timeml.js');
        const result = await timeml.evaluateTimeml(dir, flags.limit !== undefined ? { limit: flags.limit } : {});
        if (flags.json) writeOut(JSON.stringify(rounded({ corpus: 'timeml', dir, ...result })));
        else writeOut(timeml.formatTimesTable(result));
      });
    });

  evalCommand
    .command('plover')
    .description('score event type, CAMEO root and source/target actor codes against PLOVER-format gold records (a JSON array)')
    .argument('<file>', 'PLOVER JSON file, e.g. ../shared/eval/plover-gsr/dev.json')
    .option('--json', 'print one JSON object')
    .option('--errors', 'print every record that is not fully correct')
    .option('--limit <n>', 'only the first N records', integerOption)
    .action(async (file: string, flags: EvalFlags) => {
      await guarded(setExitCode, async () => {
        const plover = await import('../../../eval/plover.js');
        const { createPipeline } = await import('../../index.js');
        const pipeline = createPipeline();
        const result = plover.evaluatePlover(file, (text) => pipeline.extract(text), flags.limit !== undefined ? { limit: flags.limit } : {});
        if (flags.errors) writeOut(plover.formatPloverErrors(result));
        else if (flags.json) {
          const { outcomes: _outcomes, ...scores } = result;
          writeOut(JSON.stringify(rounded(scores)));
        } else writeOut(plover.formatPloverTable(result));
      });
    });

  evalCommand
    .command('crossdoc')
    .description("score cross-article event clusters and canonical actors (B³) against MEANTIME's cross-document instances")
    .argument('<dir>', 'folder of MEANTIME *.xml files with instance ids, e.g. ../shared/eval/meantime/dev-crossdoc')
    .option('--json', 'print {"events": {b3Precision, b3Recall, b3F1}, "actors": {…}}')
    .option('--limit <n>', 'only the first N documents', integerOption)
    .action(async (dir: string, flags: EvalFlags) => {
      await guarded(setExitCode, async () => {
        const crossdoc = await import('../../../eval/crossdoc.js');
        const result = await crossdoc.evaluateCrossdoc(dir, flags.limit !== undefined ? { limit: flags.limit } : {});
        writeOut(flags.json ? JSON.stringify(rounded(crossdoc.crossdocJson(result))) : crossdoc.formatCrossdocTable(result));
      });
    });

  registerEvalHtml(evalCommand, setExitCode);
  registerEvalQuotes(evalCommand, setExitCode);
  registerEvalUd(evalCommand, setExitCode);
  return evalCommand;
}
