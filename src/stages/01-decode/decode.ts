/**
 * Decode: turns the caller's input (a string, or bytes read from a file or stdin) into a string,
 * refusing what cannot be an article (empty, binary, too large) with a recorded error, and
 * recording which rule decided the charset. It never throws on bad input.
 */
import type { DiagnosticSink } from '../../core/diagnostics.js';

export interface DecodeResult {
  /** The decoded text, or null when nothing can be extracted from the input. */
  text: string | null;
  /** How the charset was decided: `string` (already text), `bom-utf8`, `bom-utf16le`, `bom-utf16be`, `utf8`, `windows-1252-fallback`. */
  charsetRule: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Share of control characters (other than tab, newline, carriage return, form feed) above which input is binary. */
const BINARY_CONTROL_SHARE = 0.1;

export function decodeInput(input: string | Uint8Array, maxBytes: number, diagnostics: DiagnosticSink): DecodeResult {
  const byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (byteLength > maxBytes) {
    diagnostics.error('INPUT_TOO_LARGE', `input is ${byteLength} bytes; the limit is ${maxBytes} bytes (option limits.maxBytes)`);
    return { text: null, charsetRule: 'none' };
  }
  let text: string;
  let charsetRule: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    charsetRule = 'string';
  } else {
    ({ text, charsetRule } = decodeBytes(input, diagnostics));
  }
  if (text.trim().length === 0) {
    diagnostics.error('INPUT_EMPTY', 'input is empty or only white space: there is no article to extract');
    return { text: null, charsetRule };
  }
  if (looksBinary(text)) {
    diagnostics.error('INPUT_BINARY', 'input looks like binary data (NUL bytes or many control characters), not text');
    return { text: null, charsetRule };
  }
  return { text, charsetRule };
}

function decodeBytes(bytes: Uint8Array, diagnostics: DiagnosticSink): { text: string; charsetRule: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charsetRule: 'bom-utf8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charsetRule: 'bom-utf16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charsetRule: 'bom-utf16be' };
  if (bytes.subarray(0, 65536).includes(0)) return { text: '\u0000', charsetRule: 'binary' };
  try {
    return { text: utf8.decode(bytes), charsetRule: 'utf8' };
  } catch {
    diagnostics.warn(
      'INPUT_INVALID_UTF8',
      'input is not valid UTF-8; decoded as Windows-1252 (the usual charset of such news text), check non-ASCII characters',
    );
    return { text: decodeWindows1252(bytes), charsetRule: 'windows-1252-fallback' };
  }
}

function looksBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return control / sample.length > BINARY_CONTROL_SHARE;
}

/** Windows-1252's 0x80–0x9F block (Node's TextDecoder treats the label as Latin-1 there). */
const WINDOWS_1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    let out = '';
    for (const byte of chunk) out += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
    parts.push(out);
  }
  return parts.join('');
}
