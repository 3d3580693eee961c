/**
 * The parser model file and the package root it ships in: a module with no heavy imports (no
 * wink-nlp, no knowledge files), so the ingest main thread can read the model once for its worker
 * threads (`readParserData(path, { shared: true })`) without loading the stages itself.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatelineError } from '../core/diagnostics.js';
import { loadParserData, type ParserData } from '../stages/05-parse/model-io.js';

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

/** The shipped parser model. */
export function defaultParserModelPath(): string {
  return join(packageRoot(), 'models', 'parser', 'en_ewt.parser.gz');
}

/** Reads and decodes a parser model file (see `loadParserData` for the options); errors are `CONFIG_PARSER_MODEL`. */
export function readParserData(path: string = defaultParserModelPath(), options: { shared?: boolean; scoringOnly?: boolean } = {}): ParserData {
  const resolved = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolved);
  } catch (cause) {
    throw new DatelineError('CONFIG_PARSER_MODEL', `cannot read the parser model ${resolved}: ${(cause as Error).message}`, { cause });
  }
  try {
    return loadParserData(bytes, options);
  } catch (cause) {
    throw new DatelineError('CONFIG_PARSER_MODEL', `the parser model ${resolved} is not valid: ${(cause as Error).message}`, { cause });
  }
}
