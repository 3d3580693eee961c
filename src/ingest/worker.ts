/**
 * An ingest worker thread: builds one pipeline, then extracts the documents the main thread sends
 * it, one message each. It returns the record twice: encoded for storage (the gzip happens here,
 * off the main thread) and without its sentences (what the store's rows need, cheap to copy), and
 * unless the caller makes it itself (`WorkerSettings.minhash`, as `ingest` does: loading it here
 * costs every worker the store's query builder, ≈ 9 MB) the text's MinHash signature for
 * near-duplicate detection. The parser model comes from the main thread (`WorkerSettings.parser`),
 * shared, not read again.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { createPipeline } from '../pipeline/pipeline.js';
import { useParserData } from '../pipeline/resources.js';
import { defaultLimits, type Limits } from '../pipeline/stage.js';
import { encodeRecord } from '../store/record-codec.js';
import { extractDocument } from './extract-document.js';
import type { WorkerRequest, WorkerResult, WorkerSettings } from './protocol.js';

const settings = workerData as WorkerSettings;
// The main thread's shared copy of the parser model, instead of one of our own (tens of MB a thread).
if (settings.parser) useParserData(settings.parser);
const minhashSignature = settings.minhash === 'caller' ? undefined : (await import('../store/near-duplicates.js')).minhashSignature;
const pipeline = createPipeline({ gazetteers: settings.gazetteers });
const limits: Limits = { ...defaultLimits, ...settings.limits };
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  const started = performance.now();
  const extraction = extractDocument(pipeline, request.document, limits);
  let result: WorkerResult;
  if (extraction.ok) {
    const encoded = new Uint8Array(encodeRecord(extraction.article));
    const nearSignature = minhashSignature?.(extraction.article.text);
    result = {
      id: request.id,
      extractMs: performance.now() - started,
      ok: true,
      record: { ...extraction.article, sentences: [] },
      encoded,
      ...(nearSignature ? { nearSignature } : {}),
      ...(extraction.canonicalUrl ? { canonicalUrl: extraction.canonicalUrl } : {}),
      ...(extraction.charsetRule ? { charsetRule: extraction.charsetRule } : {}),
    };
    port.postMessage(result, [encoded.buffer as ArrayBuffer, ...(nearSignature ? [nearSignature.buffer as ArrayBuffer] : [])]);
  } else {
    result = { id: request.id, extractMs: performance.now() - started, ok: false, code: extraction.code, message: extraction.message, stage: extraction.stage };
    port.postMessage(result);
  }
});
port.postMessage({ ready: true });
