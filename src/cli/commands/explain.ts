/** `dateline explain <file> [--event N]`: each event with the parse of its sentence, the rule that fired and the arguments it took. */
import type { Command } from 'commander';
import { createPipeline, defaultLimits, type ActorRef, type Article, type EventRecord } from '../../index.js';
import { InputError, logError, readInput, writeOut } from '../io.js';

interface ExplainFlags {
  published?: string;
  event?: string;
}

function actorText(article: Article, actors: ActorRef[]): string {
  if (actors.length === 0) return '—';
  return actors
    .map((a) => {
      const entity = a.entity ? article.entities.find((e) => e.id === a.entity) : undefined;
      return `${entity?.name ?? a.text}${a.code ? ` [${a.code}]` : ''} ("${a.text}")`;
    })
    .join('; ');
}

export function explainEvent(article: Article, event: EventRecord): string {
  const sentence = article.sentences[event.sentence]!;
  const word = (i: number): string => article.text.slice(sentence.tokens[i]!.span.start, sentence.tokens[i]!.span.end);
  const place = event.place ? article.entities.find((e) => e.id === event.place!.entity) : undefined;
  const lines = [
    `${event.id}${event.main ? ' (main event)' : ''}: ${event.type}${event.mode ? `/${event.mode}` : ''}, CAMEO ${event.cameo}, QuadClass ${event.quadClass}, Goldstein ${event.goldstein}`,
    `  rule       ${event.rule} (confidence ${event.confidence})`,
    `  trigger    "${article.text.slice(event.trigger.start, event.trigger.end)}" [${event.trigger.start}, ${event.trigger.end})`,
    `  source     ${actorText(article, event.source)}`,
    `  target     ${actorText(article, event.target)}${event.reciprocal ? ' (reciprocal)' : ''}`,
    `  place      ${place ? `${place.name} (${event.place!.rule})` : '— (none in the text)'}`,
    `  time       ${event.time ? `${event.time.value} (${event.time.rule})` : '— (none in the text; the publication date is not assumed)'}`,
    `  flags      modality ${event.modality}, negated ${event.negated ? 'yes' : 'no'}, background ${event.background ? 'yes' : 'no'}${event.attributedTo ? `, attributed to ${actorText(article, [event.attributedTo])}` : ''}`,
    `  evidence   "${article.text.slice(event.evidence.start, event.evidence.end)}"`,
    `  sentence ${event.sentence}: ${article.text.slice(sentence.span.start, sentence.span.end)}`,
    '',
    '     #  word                  pos     head  deprel',
  ];
  sentence.tokens.forEach((token, i) => {
    const marker = token.span.start >= event.trigger.start && token.span.end <= event.trigger.end ? '*' : ' ';
    const head = token.head === null ? '_' : token.head < 0 ? '0' : String(token.head + 1);
    lines.push(`  ${marker}${String(i + 1).padStart(3)}  ${word(i).slice(0, 20).padEnd(20)}  ${token.pos.padEnd(6)}  ${head.padStart(4)}  ${token.deprel ?? '_'}`);
  });
  return lines.join('\n');
}

export function registerExplain(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('explain')
    .description('show how each event was coded: the parse of its sentence, the rule that fired and the arguments it took')
    .argument('<file>', 'article text file, or - to read stdin')
    .option('-p, --published <date>', 'publication date (ISO 8601)')
    .option('-e, --event <n>', 'only this event (its number, 1-based, or its id such as e3)')
    .action((file: string, flags: ExplainFlags) => {
      let input: Uint8Array;
      try {
        input = readInput(file, defaultLimits.maxBytes);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        logError(`${error.code}: ${error.message}`);
        setExitCode(1);
        return;
      }
      const article = createPipeline().extract(input, { published: flags.published ?? null });
      let events = article.events;
      if (flags.event !== undefined) {
        const wanted = /^\d+$/.test(flags.event) ? `e${flags.event}` : flags.event;
        events = events.filter((e) => e.id === wanted);
        if (events.length === 0) {
          logError(`EXPLAIN_NO_EVENT: no event ${flags.event}; the article has ${article.events.length} (e1..e${article.events.length})`);
          setExitCode(1);
          return;
        }
      }
      if (events.length === 0) writeOut('no events in this article');
      else writeOut(events.map((e) => explainEvent(article, e)).join('\n\n'));
    });
}
