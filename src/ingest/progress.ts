/**
 * Ingest progress on stderr: a one-line bar redrawn in place on a terminal (done, articles/s,
 * errors, ETA from the share of the input bytes read, or of the files when their sizes are not
 * known, as for stdin), or a plain log line every few seconds otherwise.
 */
export interface ProgressState {
  done: number;
  stored: number;
  skipped: number;
  failed: number;
  filesDone: number;
  filesTotal: number;
  /** Bytes of the input files read so far, and in all (0: unknown, stdin). */
  bytesDone?: number;
  bytesTotal?: number;
  /** Milliseconds since extraction started. */
  elapsedMs: number;
}

const WIDTH = 24;

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(0)} MB` : `${(bytes / 1e3).toFixed(0)} kB`;
}

export function formatProgress(state: ProgressState, bar: boolean): string {
  const rate = state.elapsedMs > 0 ? (state.stored + state.failed) / (state.elapsedMs / 1000) : 0;
  // By bytes when the files' sizes are known: one large JSONL dump is one file from start to end.
  const byBytes = (state.bytesTotal ?? 0) > 0;
  const share = byBytes ? Math.min(1, state.bytesDone! / state.bytesTotal!) : state.filesTotal > 0 ? state.filesDone / state.filesTotal : 0;
  const eta = share > 0 && share < 1 ? duration((state.elapsedMs * (1 - share)) / share) : share >= 1 ? '0s' : '?';
  const counts = `${state.done} documents (${state.stored} stored, ${state.skipped} already in the store, ${state.failed} errors), ${rate.toFixed(1)} articles/s`;
  const read = byBytes ? ` (${Math.floor(share * 100)}% of ${megabytes(state.bytesTotal!)} read)` : '';
  if (!bar) return `ingest: ${counts}, files ${state.filesDone}/${state.filesTotal}${read}, ETA ${eta}`;
  const filled = Math.round(share * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${counts}, ETA ${eta}`;
}

export interface ProgressReporter {
  update(state: ProgressState): void;
  /** Clears the bar (the caller prints the summary). */
  finish(): void;
}

/** A reporter writing to `stream`: a bar when it is a terminal, else a line every `intervalMs`. */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, intervalMs = 10_000): ProgressReporter {
  const bar = stream.isTTY === true;
  let last = Date.now();
  return {
    update(state) {
      const now = Date.now();
      if (now - last < (bar ? 100 : intervalMs)) return;
      last = now;
      if (bar) stream.write(`\r${formatProgress(state, true).slice(0, (stream.columns ?? 120) - 1)}\u001b[K`);
      else stream.write(formatProgress(state, false) + '\n');
    },
    finish() {
      if (bar) stream.write('\r\u001b[K');
    },
  };
}
