/**
 * The parser's model file: tagger + transition + label models in one gzipped binary.
 *
 * Layout (before gzip): the magic `DATELINE-PARSER/1\n`, a uint32 length and a JSON header (tag
 * classes, relations, training metadata, and per model its class count, row count, weight count
 * and quantisation scale), then per model: the sorted feature hashes as uint32 deltas, the number
 * of weights per row (uint8), each weight's class (uint8) and the weights quantised to int16.
 * Sorted keys and int16 weights gzip to a fraction of the float size, and loading is a single
 * decompression plus one pass to rebuild the hash tables. Pure bytes in and out: callers do the I/O.
 *
 * `loadParserData(bytes, { shared: true })` puts every array of the loaded model (rows and lookup
 * tables) on SharedArrayBuffers: the result can be posted to worker threads, which build their
 * parser with `parserFromData` over the same memory (one copy of the weights per process, not one
 * per thread; the ingest pool does this).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { LinearModel, privateMemory, sharedMemory, type LinearModelData } from './perceptron.js';
import { DependencyParser } from './parser.js';
import { PosTagger, type TagClass } from './tagger.js';

const MAGIC = 'DATELINE-PARSER/1\n';

interface ModelHeader {
  name: string;
  classes: number;
  rows: number;
  weights: number;
  scale: number;
}

interface FileHeader {
  tagClasses: TagClass[];
  /** The tagger's ambiguity classes: [lower-cased word, its training tags joined by |]. */
  ambiguityClasses: Array<[string, string]>;
  /** The tagger's tag dictionary: [word form, tag class index] (absent in models written before it existed). */
  tagDictionary?: Array<[string, number]>;
  labels: string[];
  metadata: Record<string, unknown>;
  models: ModelHeader[];
}

function encodeModel(name: string, model: LinearModel): { header: ModelHeader; parts: Buffer[] } {
  if (!model.hasRows) throw new Error(`model-io: ${name} was loaded for scoring only (\`scoringOnly\`): it has no rows to save`);
  if (model.classes > 255) throw new Error(`model-io: ${name} has ${model.classes} classes; the format stores classes as one byte`);
  const rows = model.keys.length;
  const deltas = new Uint32Array(rows);
  const perRow = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    deltas[i] = model.keys[i]! - (i > 0 ? model.keys[i - 1]! : 0);
    perRow[i] = model.rowStart[i + 1]! - model.rowStart[i]!;
  }
  return {
    header: { name, classes: model.classes, rows, weights: model.weights.length, scale: model.scale },
    parts: [Buffer.from(deltas.buffer), Buffer.from(perRow.buffer), Buffer.from(model.classOf.buffer, model.classOf.byteOffset, model.classOf.byteLength), Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength)],
  };
}

/** Serialises a trained parser (with its tagger) to gzipped bytes. */
export function saveParser(parser: DependencyParser, metadata: Record<string, unknown> = {}): Buffer {
  const encoded = [encodeModel('tagger', parser.tagger.model), encodeModel('transitions', parser.transitions), encodeModel('labels', parser.labeller)];
  const header: FileHeader = {
    tagClasses: [...parser.tagger.tagClasses],
    ambiguityClasses: [...parser.tagger.ambiguityClasses],
    tagDictionary: [...parser.tagger.tagDictionary],
    labels: [...parser.labels],
    metadata,
    models: encoded.map((e) => e.header),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const raw = Buffer.concat([Buffer.from(MAGIC, 'utf8'), length, headerBytes, ...encoded.flatMap((e) => e.parts)]);
  return gzipSync(raw, { level: 9 });
}

export interface LoadedParser {
  parser: DependencyParser;
  metadata: Record<string, unknown>;
}

/**
 * A loaded model as plain data (typed arrays and JSON values): structured-cloneable, and when its
 * arrays are shared (`loadParserData(bytes, { shared: true })`) posting it to a worker shares them.
 */
export interface ParserData {
  tagClasses: TagClass[];
  ambiguityClasses: Array<[string, string]>;
  tagDictionary: Array<[string, number]>;
  labels: string[];
  metadata: Record<string, unknown>;
  /** Tagger, transition and label models, in this order. */
  models: LinearModelData[];
}

/** Reads a model written by `saveParser`; throws with a clear message on anything else. */
export function loadParser(bytes: Uint8Array): LoadedParser {
  const data = loadParserData(bytes);
  return { parser: parserFromData(data), metadata: data.metadata };
}

/**
 * Decodes a model written by `saveParser` into arrays (on SharedArrayBuffers with `shared`), tables
 * built. With `scoringOnly` the rows the tables are built from (keys, offsets, classes, weights:
 * 40% of the memory) are dropped once the tables are built: the model scores the same but cannot
 * be saved again.
 */
export function loadParserData(bytes: Uint8Array, options: { shared?: boolean; scoringOnly?: boolean } = {}): ParserData {
  const memory = options.shared ? sharedMemory : privateMemory;
  // The rows are only the tables' source when they are dropped afterwards: private memory then.
  const rowMemory = options.scoringOnly ? privateMemory : memory;
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (cause) {
    throw new Error(`model-io: the parser model is not gzip data (${(cause as Error).message})`, { cause });
  }
  if (raw.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) throw new Error('model-io: not a Dateline parser model (bad magic)');
  let offset = MAGIC.length;
  const headerLength = raw.readUInt32LE(offset);
  offset += 4;
  const header = JSON.parse(raw.subarray(offset, offset + headerLength).toString('utf8')) as FileHeader;
  offset += headerLength;
  /** The next `bytes` of the file, copied into memory of their own (aligned for a typed array). */
  const take = (bytes: number, into: (bytes: number) => ArrayBuffer | SharedArrayBuffer = privateMemory): ArrayBuffer | SharedArrayBuffer => {
    if (offset + bytes > raw.length) throw new Error('model-io: the parser model is truncated');
    const copy = into(bytes);
    new Uint8Array(copy).set(raw.subarray(offset, offset + bytes));
    offset += bytes;
    return copy;
  };
  const models = header.models.map((m) => {
    const deltas = new Uint32Array(take(m.rows * 4));
    const perRow = new Uint8Array(take(m.rows));
    const classOf = new Uint8Array(take(m.weights, rowMemory));
    const quantised = new Int16Array(take(m.weights * 2, rowMemory));
    const keys = new Uint32Array(rowMemory(m.rows * 4));
    let key = 0;
    for (let i = 0; i < m.rows; i++) {
      key = (key + deltas[i]!) >>> 0;
      keys[i] = key;
    }
    const rowStart = new Int32Array(rowMemory((m.rows + 1) * 4));
    for (let i = 0; i < m.rows; i++) rowStart[i + 1] = rowStart[i]! + perRow[i]!;
    const data = new LinearModel(m.classes, keys, rowStart, classOf, quantised, m.scale, memory).data();
    return options.scoringOnly ? { ...data, keys: new Uint32Array(0), rowStart: new Int32Array(0), classOf: new Uint8Array(0), weights: new Int16Array(0) } : data;
  });
  if (models.length < 3) throw new Error('model-io: the parser model lacks one of its three parts');
  const classes = header.tagClasses.length;
  const tagDictionary = header.tagDictionary ?? [];
  for (const entry of tagDictionary) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Number.isInteger(entry[1]) || entry[1] < 0 || entry[1] >= classes) {
      throw new Error(`model-io: the tag dictionary holds an entry that is not [word, tag class] (${JSON.stringify(entry)})`);
    }
  }
  return { tagClasses: header.tagClasses, ambiguityClasses: header.ambiguityClasses, tagDictionary, labels: header.labels, metadata: header.metadata, models };
}

/** The parser (with its tagger) over the arrays of `data`, as they are: shared arrays stay shared. */
export function parserFromData(data: ParserData): DependencyParser {
  const [tagModel, transitionModel, labelModel] = data.models.map((model) => LinearModel.fromData(model));
  if (!tagModel || !transitionModel || !labelModel) throw new Error('model-io: the parser model lacks one of its three parts');
  const tagger = new PosTagger(tagModel, data.tagClasses, new Map(data.ambiguityClasses), new Map(data.tagDictionary));
  return new DependencyParser(transitionModel, labelModel, data.labels, tagger);
}
