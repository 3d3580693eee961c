/**
 * Resources: everything the stages need that is loaded once per process — the tokenizer/tagger
 * model and the knowledge files (gazetteers, lexicons). This is the edge where files are read and
 * validated; stages only see the loaded, indexed result.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { loadParser } from '../stages/05-parse/model-io.js';
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

/** The shipped parser model. */
export function defaultParserModelPath(): string {
  return join(packageRoot(), 'models', 'parser', 'en_ewt.parser.gz');
}

const parserCache = new Map<string, DependencyParser>();

/** Loads a parser model file (cached per path: a model is read once per process). */
export function loadParserModel(path: string = defaultParserModelPath()): DependencyParser {
  const resolved = resolve(path);
  let parser = parserCache.get(resolved);
  if (!parser) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolved);
    } catch (cause) {
      throw new DatelineError('CONFIG_PARSER_MODEL', `cannot read the parser model ${resolved}: ${(cause as Error).message}`, { cause });
    }
    try {
      parser = loadParser(bytes).parser;
    } catch (cause) {
      throw new DatelineError('CONFIG_PARSER_MODEL', `the parser model ${resolved} is not valid: ${(cause as Error).message}`, { cause });
    }
    parserCache.set(resolved, parser);
  }
  return parser;
}

/** The package root (two levels above this file in `src/`, three in `dist/src/`). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new DatelineError('CONFIG_PACKAGE_ROOT', 'cannot find the package root (package.json) above ' + fileURLToPath(import.meta.url));
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
