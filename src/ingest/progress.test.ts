import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProgress, type ProgressState } from './progress.js';

const state = (extra: Partial<ProgressState>): ProgressState => ({ done: 100, stored: 98, skipped: 0, failed: 2, filesDone: 0, filesTotal: 1, elapsedMs: 10_000, ...extra });

describe('ingest progress', () => {
  it('reckons the ETA of one large file from the bytes read, not from the files done', () => {
    const line = formatProgress(state({ bytesDone: 25_000_000, bytesTotal: 100_000_000 }), false);
    assert.match(line, /files 0\/1 \(25% of 100 MB read\), ETA 30s$/);
    assert.match(line, /10\.0 articles\/s/);
    const bar = formatProgress(state({ bytesDone: 25_000_000, bytesTotal: 100_000_000 }), true);
    assert.match(bar, /^\[######\.{18}\] /);
  });

  it('falls back to the share of files when their sizes are unknown (stdin), and says when it cannot tell', () => {
    assert.match(formatProgress(state({ filesDone: 1, filesTotal: 4 }), false), /files 1\/4, ETA 30s$/);
    assert.match(formatProgress(state({ bytesDone: 0, bytesTotal: 0 }), false), /files 0\/1, ETA \?$/);
    assert.match(formatProgress(state({ filesDone: 1, bytesDone: 5_000, bytesTotal: 5_000 }), false), /\(100% of 5 kB read\), ETA 0s$/);
  });
});
