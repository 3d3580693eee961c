/**
 * `dateline explain <file> [--event N]`: each event with the parse of its sentence, the rule that fired and the arguments it took.
 * `dateline explain --event ID [--store …]`: a stored (cross-article) event's mentions and why each joined it.
 */
import type { Command } from 'commander';
import type { ActorRef, Article, EventRecord } from '../../index.js';
import { defaultLimits } from '../../pipeline/stage.js';
import { InputError, logError, readInput, writeOut } from '../io.js';

interface ExplainFlags {
  published?: string;
  event?: string;
  store?: string;
  json?: boolean;
}

/** `dateline explain --event ID` without a file: a stored event's mentions and why each joined it. */
async function explainStored(id: string, flags: ExplainFlags, setExitCode: (code: number) => void): Promise<void> {
  // The store adapters load only when a stored event is asked for.
  const [{ openStore, redactStoreLocation, storeLocation }, { formatStoredEvent }] = await Promise.all([import('../../store/open.js'), import('../../crossdoc/cluster-store.js')]);
  const location = storeLocation(flags.store);
  let store;
  try {
    store = await openStore(location, { readonly: true });
  } catch (error) {
    logError(`${(error as Error).message.replace(/^dateline: /, '')} (run \`dateline ingest … --store ${redactStoreLocation(location)}\` first)`);
    setExitCode(1);
    return;
  }
  try {
    const explanation = await store.explainEvent(id);
    if (!explanation) {
      logError(`EXPLAIN_NO_EVENT: no stored event ${id} in ${redactStoreLocation(location)} (ids are listed by \`dateline events\`)`);
      setExitCode(1);
      return;
    }
    writeOut(flags.json ? JSON.stringify(explanation) : formatStoredEvent(explanation));
  } finally {
    await store.close();
  }
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
    .argument('[file]', 'article text file, or - to read stdin; without it, --event names a stored event')
    .option('-p, --published <date>', 'publication date (ISO 8601)')
    .option('-e, --event <n>', 'only this event (its number, 1-based, or its id such as e3); without a file: a stored event id (ev:…), listing its mentions and why each joined it')
    .option('--store <path|url>', 'the store for a stored event (default ./dateline.db, or DATELINE_STORE)')
    .option('--json', 'a stored event as one JSON object')
    .action(async (file: string | undefined, flags: ExplainFlags) => {
      if (file === undefined) {
        if (flags.event === undefined) {
          logError('EXPLAIN_USAGE: give an article file, or --event <id> for a stored event');
          setExitCode(2);
          return;
        }
        await explainStored(flags.event, flags, setExitCode);
        return;
      }
      let input: Uint8Array;
      try {
        input = readInput(file, defaultLimits.maxBytes);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        logError(`${error.code}: ${error.message}`);
        setExitCode(1);
        return;
      }
      // The pipeline loads only once the input is read (the CLI stays light for the other commands).
      const { createPipeline } = await import('../../index.js');
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
