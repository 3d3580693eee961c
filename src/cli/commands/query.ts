/**
 * The query commands over a store: `events`, `actors`, `quotes`, `articles`, `show <article>` and
 * `errors`. Each takes `--store` and `--format table|json|jsonl|csv`; rows go to stdout.
 */
import { Option, type Command } from 'commander';
import { formatArticleText } from '../../core/format-text.js';
import { formatRows, rowFormats, type RowFormat, type TableColumn } from '../../export/format.js';
import type { ActorRow, ArticleRow, ErrorRow, EventRow, QuoteRow, Store } from '../../store/store.js';
import { logError, writeOut } from '../io.js';
import { DEFAULT_QUEUE_NAME } from '../../queue/connection.js';
import { printDeadLetters } from './worker.js';

const nonNegative = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`expected a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return parsed;
};

interface CommonFlags {
  store?: string;
  format: RowFormat;
  limit: number;
}

const ISO_DAY = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

function withCommon(command: Command): Command {
  return command
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...rowFormats]).default('table'))
    .option('--limit <n>', 'most rows to print (0: all)', nonNegative, 1000);
}

/** Opens the store read-only for a query, saying what to do when there is none. */
async function withStore<T>(flags: { store?: string }, setExitCode: (code: number) => void, run: (store: Store) => Promise<T>): Promise<T | undefined> {
  // The store adapters load only when a query runs (the CLI stays light for the other commands).
  const { openStore, redactStoreLocation, storeLocation } = await import('../../store/open.js');
  const location = storeLocation(flags.store);
  let store: Store;
  try {
    store = await openStore(location, { readonly: true });
  } catch (error) {
    logError(`${(error as Error).message.replace(/^dateline: /, '')} (run \`dateline ingest … --store ${redactStoreLocation(location)}\` first)`);
    setExitCode(1);
    return undefined;
  }
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function checkDates(flags: { since?: string; until?: string }, setExitCode: (code: number) => void): boolean {
  for (const [name, value] of [['--since', flags.since], ['--until', flags.until]] as const) {
    if (value !== undefined && !ISO_DAY.test(value)) {
      logError(`${name} must be an ISO date, month or year such as 2020-01-22, 2020-01 or 2020 (got ${value})`);
      setExitCode(2);
      return false;
    }
  }
  return true;
}

const eventColumns: TableColumn<EventRow>[] = [
  { header: 'date', value: (r) => r.date },
  { header: 'type', value: (r) => r.type },
  { header: 'cameo', value: (r) => r.cameo },
  { header: 'source', value: (r) => r.sourceCode ?? r.sourceName, max: 24 },
  { header: 'target', value: (r) => r.targetCode ?? r.targetName, max: 24 },
  { header: 'place', value: (r) => r.placeName ?? r.placeEntity, max: 20 },
  { header: 'reports', value: (r) => r.mentions },
  { header: 'evidence', value: (r) => r.evidence, max: 70 },
];
const actorColumns: TableColumn<ActorRow>[] = [
  { header: 'id', value: (r) => r.id, max: 36 },
  { header: 'name', value: (r) => r.name, max: 32 },
  { header: 'type', value: (r) => r.type },
  { header: 'code', value: (r) => r.code },
  { header: 'articles', value: (r) => r.articles },
  { header: 'mentions', value: (r) => r.mentions },
];
const quoteColumns: TableColumn<QuoteRow>[] = [
  { header: 'article', value: (r) => r.articleId.slice(0, 10) },
  { header: 'speaker', value: (r) => r.speakerName ?? r.speakerText, max: 28 },
  { header: 'kind', value: (r) => r.kind },
  { header: 'quote', value: (r) => r.text, max: 90 },
];
const articleColumns: TableColumn<ArticleRow>[] = [
  { header: 'id', value: (r) => r.id.slice(0, 10) },
  { header: 'published', value: (r) => r.published?.slice(0, 10) },
  { header: 'title', value: (r) => r.title ?? r.uri, max: 60 },
  { header: 'entities', value: (r) => r.entities },
  { header: 'events', value: (r) => r.events },
  { header: 'quotes', value: (r) => r.quotes },
  { header: 'errors', value: (r) => r.errors },
  { header: 'copies', value: (r) => (r.documents > 1 ? r.documents : '') },
  { header: 'duplicate of', value: (r) => r.duplicateOf?.slice(0, 10) ?? r.nearDuplicateOf?.slice(0, 10) },
];
const errorColumns: TableColumn<ErrorRow>[] = [
  { header: 'document', value: (r) => (r.line !== null && !r.uri?.includes('#L') ? `${r.uri}:${r.line}` : r.uri), max: 50 },
  { header: 'code', value: (r) => r.code },
  { header: 'stage', value: (r) => r.stage },
  { header: 'message', value: (r) => r.message, max: 100 },
];

export function registerQuery(program: Command, setExitCode: (code: number) => void): void {
  withCommon(
    program
      .command('events')
      .description('events in the store (one row per real-world event, with the number of reports of it)')
      .option('--actor <code>', 'actor code prefix (RUS, RUSGOV) or entity id, as source or target')
      .option('--type <type>', 'PLOVER type (CONSULT) or CAMEO code prefix (04)')
      .option('--since <date>', 'on or after this date')
      .option('--until <date>', 'on or before this date (a month or year takes all of it)')
      .option('--place <place>', 'place entity id or name')
      .option('--text <words>', 'words in a report of the event'),
  ).action(async (flags: CommonFlags & { actor?: string; type?: string; since?: string; until?: string; place?: string; text?: string }) => {
    if (!checkDates(flags, setExitCode)) return;
    await withStore(flags, setExitCode, async (store) => {
      const rows = await store.listEvents({
        ...(flags.actor ? { actor: flags.actor } : {}),
        ...(flags.type ? { type: flags.type } : {}),
        ...(flags.since ? { since: flags.since } : {}),
        ...(flags.until ? { until: flags.until } : {}),
        ...(flags.place ? { place: flags.place } : {}),
        ...(flags.text ? { text: flags.text } : {}),
        limit: flags.limit,
      });
      process.stdout.write(formatRows(rows, flags.format, eventColumns));
    });
  });

  withCommon(
    program
      .command('actors')
      .description('actors (canonical entities) across the stored articles, most reported first')
      .option('--type <type>', 'PERSON, ORG, GPE, LOC, NORP or MISC')
      .option('--country <iso3>', 'ISO 3166-1 alpha-3 country code')
      .option('--text <words>', 'words in the name'),
  ).action(async (flags: CommonFlags & { type?: string; country?: string; text?: string }) => {
    await withStore(flags, setExitCode, async (store) => {
      const rows = await store.listActors({ ...(flags.type ? { type: flags.type } : {}), ...(flags.country ? { country: flags.country } : {}), ...(flags.text ? { text: flags.text } : {}), limit: flags.limit });
      process.stdout.write(formatRows(rows, flags.format, actorColumns));
    });
  });

  withCommon(
    program
      .command('quotes')
      .description('quotes in the stored articles')
      .option('--speaker <speaker>', 'speaker entity id or words of the name')
      .option('--article <id>', 'article id (or its start)')
      .option('--text <words>', 'words in the quote'),
  ).action(async (flags: CommonFlags & { speaker?: string; article?: string; text?: string }) => {
    await withStore(flags, setExitCode, async (store) => {
      const rows = await store.listQuotes({ ...(flags.speaker ? { speaker: flags.speaker } : {}), ...(flags.article ? { article: flags.article } : {}), ...(flags.text ? { text: flags.text } : {}), limit: flags.limit });
      process.stdout.write(formatRows(rows, flags.format, quoteColumns));
    });
  });

  withCommon(
    program
      .command('articles')
      .description('the stored articles, with their counts and duplicate links')
      .option('--since <date>', 'published on or after this date')
      .option('--until <date>', 'published on or before this date')
      .option('--outlet <name>', 'outlet')
      .option('--text <words>', 'words in the title or text'),
  ).action(async (flags: CommonFlags & { since?: string; until?: string; outlet?: string; text?: string }) => {
    if (!checkDates(flags, setExitCode)) return;
    await withStore(flags, setExitCode, async (store) => {
      const rows = await store.listArticles({
        ...(flags.since ? { since: flags.since } : {}),
        ...(flags.until ? { until: flags.until } : {}),
        ...(flags.outlet ? { outlet: flags.outlet } : {}),
        ...(flags.text ? { text: flags.text } : {}),
        limit: flags.limit,
      });
      process.stdout.write(formatRows(rows, flags.format, articleColumns));
    });
  });

  program
    .command('show')
    .description('one stored article record, by id (or its first characters), URI or URL')
    .argument('<article>', 'article id, id prefix, URI or canonical URL')
    .option('--store <path|url>', 'the store (default ./dateline.db, or DATELINE_STORE)')
    .addOption(new Option('-f, --format <format>', 'json or text').choices(['json', 'text']).default('json'))
    .option('--compact', 'JSON on one line')
    .action(async (reference: string, flags: { store?: string; format: string; compact?: boolean }) => {
      await withStore(flags, setExitCode, async (store) => {
        const article = await store.getArticle(reference);
        if (!article) {
          logError(`STORE_NOT_FOUND: no article ${reference} in ${store.location}`);
          setExitCode(1);
          return;
        }
        writeOut(flags.format === 'text' ? formatArticleText(article) : JSON.stringify(article, null, flags.compact ? undefined : 2));
      });
    });

  withCommon(program.command('errors').description('documents that failed to ingest, and errors recorded on stored articles; with --queue, the dead-lettered jobs'))
    .option('--queue <url>', "list the queue's dead-lettered jobs (failed after their last attempt) instead of the store's errors")
    .option('--queue-name <name>', 'with --queue: the queue', DEFAULT_QUEUE_NAME)
    .action(async (flags: CommonFlags & { queue?: string; queueName: string }) => {
    if (flags.queue !== undefined) {
      await printDeadLetters({ ...flags, queue: flags.queue });
      return;
    }
    await withStore(flags, setExitCode, async (store) => {
      const rows = await store.listErrors({ limit: flags.limit });
      process.stdout.write(formatRows(rows, flags.format, errorColumns));
    });
  });
}
