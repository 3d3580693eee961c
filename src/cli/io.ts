/** CLI input and output: reading a file or stdin as bytes with a size cap, writing data to stdout and logs to stderr. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads `path` (or stdin for `-`) as bytes, refusing more than `maxBytes` without reading it all.
 * The pipeline decodes the bytes, so charset problems are diagnostics rather than crashes.
 */
export function readInput(path: string, maxBytes: number): Uint8Array {
  if (path !== '-') {
    let size: number;
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw new InputError('INPUT_IS_DIRECTORY', `${path} is a folder; give one article file (or - for stdin)`);
      size = stat.size;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError('INPUT_NOT_FOUND', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (size > maxBytes) throw new InputError('INPUT_TOO_LARGE', `${path} is ${size} bytes; the limit is ${maxBytes} bytes (--max-bytes)`);
  }
  const fd = path === '-' ? 0 : openSync(path, 'r');
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 16);
  try {
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EOF') break;
        throw error;
      }
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw new InputError('INPUT_TOO_LARGE', `input is over the limit of ${maxBytes} bytes (--max-bytes)`);
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function logError(message: string): void {
  process.stderr.write(`dateline: ${message}\n`);
}
