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

export interface Resources {
  readonly tagger: Tagger;
  readonly knowledge: Knowledge;
  /** CAMEO codebook, event trigger dictionary and actor nouns. */
  readonly events: EventKnowledge;
}

export interface ResourceOptions {
  /** Folder holding `gazetteer/` and `lexicon/`; defaults to the package's own `data/`. */
  dataDir?: string;
  /** Extra gazetteer files in the shipped format; their entries extend or override the shipped ones (same id wins last). */
  gazetteers?: string[];
  /** Extra event dictionaries in the shipped format (`data/events/dictionary.json`); an entry with the same pattern overrides the shipped one. */
  dictionaries?: string[];
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
  const isDefault = options.dataDir === undefined && (options.gazetteers ?? []).length === 0 && (options.dictionaries ?? []).length === 0;
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
  const resources: Resources = { tagger: createTagger(), knowledge, events };
  if (isDefault) cachedDefault = resources;
  return resources;
}
