/**
 * Resources: everything the stages need that is loaded once per process — the tokenizer/tagger
 * model and the knowledge files (gazetteers, lexicons). This is the edge where files are read and
 * validated; stages only see the loaded, indexed result.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { DatelineError } from '../core/diagnostics.js';
import {
  GazetteerFileSchema,
  OrganisationHeadsFileSchema,
  TitlesFileSchema,
  WordListFileSchema,
  type GazetteerFile,
} from '../stages/06-entities/gazetteer-schema.js';
import { buildKnowledge, type Knowledge } from '../stages/06-entities/knowledge.js';
import { createTagger, type Tagger } from '../stages/04-segment/tagger.js';
import { ActorNounsFileSchema, CameoFileSchema, DictionaryFileSchema } from '../stages/09-events/dictionary-schema.js';
import { buildEventKnowledge, EventKnowledgeError, type EventKnowledge } from '../stages/09-events/knowledge.js';
import { parserFromData, type ParserData } from '../stages/05-parse/model-io.js';
import { defaultParserModelPath, packageRoot, readParserData } from './parser-model.js';
import { buildQuoteKnowledge, SpeechVerbsFileSchema, type QuoteKnowledge } from '../stages/08-quotes/speech-verbs.js';
import { buildFramingKnowledge, FramingLexiconFileSchema, type FramingKnowledge } from '../stages/10-framing/framing-lexicon.js';
import type { DependencyParser } from '../stages/05-parse/parser.js';

export interface Resources {
  readonly tagger: Tagger;
  readonly knowledge: Knowledge;
  /** Tagger + dependency parser (`models/parser/`), loaded on first use. */
  readonly parser: DependencyParser;
  /** CAMEO codebook, event trigger dictionary and actor nouns. */
  readonly events: EventKnowledge;
  /** Speech verbs and cues for the quotes stage (`data/lexicon/speech-verbs.json`). */
  readonly quotes: QuoteKnowledge;
  /** Framing markers and tone words (`data/lexicon/framing.json` plus `framingLexicons`). */
  readonly framing: FramingKnowledge;
}

export interface ResourceOptions {
  /** Folder holding `gazetteer/` and `lexicon/`; defaults to the package's own `data/`. */
  dataDir?: string;
  /** Extra gazetteer files in the shipped format; their entries extend or override the shipped ones (same id wins last). */
  gazetteers?: string[];
  /** Extra event dictionaries in the shipped format (`data/events/dictionary.json`); an entry with the same pattern overrides the shipped one. */
  dictionaries?: string[];
  /** Parser model file; defaults to the shipped `models/parser/en_ewt.parser.gz`. */
  parserModel?: string;
  /** Extra framing lexicons in the shipped format (`data/lexicon/framing.json`); their terms and tone words are added (a term listed again takes the later category). */
  framingLexicons?: string[];
}

export { defaultParserModelPath, packageRoot } from './parser-model.js';

const parserCache = new Map<string, DependencyParser>();

/** Loads a parser model file (cached per path: a model is read once per process, or handed over by `useParserData`). */
export function loadParserModel(path: string = defaultParserModelPath()): DependencyParser {
  const resolved = resolve(path);
  let parser = parserCache.get(resolved);
  if (!parser) {
    parser = parserFromData(readParserData(resolved));
    parserCache.set(resolved, parser);
  }
  return parser;
}

/**
 * Makes `loadParserModel(path)` use the model in `data` (read by another thread with
 * `readParserData(path, { shared: true })` and posted here): its shared arrays are used as they
 * are, so the threads of a process hold one copy of the weights.
 */
export function useParserData(data: ParserData, path: string = defaultParserModelPath()): void {
  parserCache.set(resolve(path), parserFromData(data));
}

/** Reads and validates one JSON knowledge file; errors name the file and each failing path. */
export function readKnowledgeFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new DatelineError('CONFIG_DATA_FILE', `cannot read knowledge file ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `  at ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new DatelineError('CONFIG_DATA_INVALID', `knowledge file ${path} is not valid:\n${issues}`);
  }
  return parsed.data;
}

let cachedDefault: Resources | undefined;

/** Loads the shipped resources (cached per process) or, with options, a fresh set. */
export function loadResources(options: ResourceOptions = {}): Resources {
  const isDefault = options.dataDir === undefined && (options.gazetteers ?? []).length === 0 && options.parserModel === undefined && (options.dictionaries ?? []).length === 0 && (options.framingLexicons ?? []).length === 0;
  if (isDefault && cachedDefault) return cachedDefault;
  const dataDir = resolve(options.dataDir ?? join(packageRoot(), 'data'));
  const gazetteerDir = join(dataDir, 'gazetteer');
  const gazetteers: GazetteerFile[] = readdirSync(gazetteerDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readKnowledgeFile(join(gazetteerDir, name), GazetteerFileSchema));
  for (const path of options.gazetteers ?? []) gazetteers.push(readKnowledgeFile(resolve(path), GazetteerFileSchema));
  const knowledge = buildKnowledge({
    gazetteers,
    titles: readKnowledgeFile(join(dataDir, 'lexicon', 'titles.json'), TitlesFileSchema),
    organisationHeads: readKnowledgeFile(join(dataDir, 'lexicon', 'organisation-heads.json'), OrganisationHeadsFileSchema),
    words: ['words.json', 'entity-rules.json'].map((name) => readKnowledgeFile(join(dataDir, 'lexicon', name), WordListFileSchema)),
  });
  const dictionaryPaths = [join(dataDir, 'events', 'dictionary.json'), ...(options.dictionaries ?? []).map((path) => resolve(path))];
  let events: EventKnowledge;
  try {
    events = buildEventKnowledge(
      readKnowledgeFile(join(dataDir, 'events', 'cameo.json'), CameoFileSchema),
      dictionaryPaths.map((path) => readKnowledgeFile(path, DictionaryFileSchema)),
      readKnowledgeFile(join(dataDir, 'lexicon', 'actor-nouns.json'), ActorNounsFileSchema),
    );
  } catch (cause) {
    if (cause instanceof EventKnowledgeError) throw new DatelineError('CONFIG_DATA_INVALID', `event dictionary: ${cause.message}`, { cause });
    throw cause;
  }
  const quotes = buildQuoteKnowledge([readKnowledgeFile(join(dataDir, 'lexicon', 'speech-verbs.json'), SpeechVerbsFileSchema)]);
  const framingPaths = [join(dataDir, 'lexicon', 'framing.json'), ...(options.framingLexicons ?? []).map((path) => resolve(path))];
  const framing = buildFramingKnowledge(framingPaths.map((path) => readKnowledgeFile(path, FramingLexiconFileSchema)));
  const parserModel = options.parserModel;
  const resources: Resources = {
    tagger: createTagger(),
    knowledge,
    events,
    quotes,
    framing,
    // Loaded on first use, so commands that never parse do not pay for it.
    get parser(): DependencyParser {
      return loadParserModel(parserModel);
    },
  };
  if (isDefault) cachedDefault = resources;
  return resources;
}
