/**
 * Charset of an HTML page given as bytes: byte order mark, then the page's own declaration
 * (`<meta charset>`, `<meta http-equiv="Content-Type">`, `<?xml encoding?>`), then detection
 * (valid UTF-8, else Windows-1252). It records which rule decided and never throws: an unknown
 * label or a declaration the bytes contradict becomes a problem, and decoding goes on.
 */
import { decodeWindows1252 } from '../01-decode/decode.js';
import type { HtmlProblem } from './problems.js';

export type CharsetRule =
  | 'bom-utf8'
  | 'bom-utf16le'
  | 'bom-utf16be'
  | 'meta-charset'
  | 'http-equiv'
  | 'xml-declaration'
  | 'utf8-valid'
  | 'windows-1252-fallback';

export interface DecodedHtml {
  text: string;
  /** The rule that decided the charset. */
  charsetRule: CharsetRule;
  /** WHATWG name of the encoding used, e.g. `utf-8`, `windows-1251`. */
  charset: string;
  /** The label the page declared, when it declared one (even if it was not used). */
  declared?: string;
  problems: HtmlProblem[];
}

/** How far into the page a charset declaration is looked for: the HTML prescan reads 1024 bytes, but real pages put kilobytes of scripts first. */
const PRESCAN_BYTES = 65536;

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Decodes an HTML page's bytes, naming the rule that chose the charset. */
export function decodeHtmlBytes(bytes: Uint8Array): DecodedHtml {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: utf8Lenient.decode(bytes.subarray(3)), charsetRule: 'bom-utf8', charset: 'utf-8', problems: [] };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charsetRule: 'bom-utf16le', charset: 'utf-16le', problems: [] };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charsetRule: 'bom-utf16be', charset: 'utf-16be', problems: [] };
  }
  const problems: HtmlProblem[] = [];
  const declaration = findDeclaredCharset(latin1(bytes.subarray(0, PRESCAN_BYTES)));
  if (declaration) {
    const encoding = encodingForLabel(declaration.label);
    if (encoding === undefined) {
      problems.push({
        severity: 'warning',
        code: 'CHARSET_UNKNOWN_LABEL',
        message: `the page declares charset "${declaration.label}" (${declaration.rule}), which is not a known encoding; the charset was detected instead`,
      });
    } else if (encoding === 'utf-8') {
      const strict = tryUtf8(bytes);
      if (strict !== null) return { text: strict, charsetRule: declaration.rule, charset: 'utf-8', declared: declaration.label, problems };
      const lenient = utf8Lenient.decode(bytes);
      if (!hasMultiByteUtf8(bytes)) {
        problems.push({
          severity: 'warning',
          code: 'CHARSET_DECLARED_WRONG',
          message: `the page declares charset "${declaration.label}" (${declaration.rule}) but its bytes are not UTF-8 and hold no UTF-8 sequence; decoded as Windows-1252`,
        });
        return { text: decodeWindows1252(bytes), charsetRule: 'windows-1252-fallback', charset: 'windows-1252', declared: declaration.label, problems };
      }
      problems.push({
        severity: 'warning',
        code: 'CHARSET_INVALID_BYTES',
        message: `the page declares UTF-8 (${declaration.rule}) but holds ${countReplacements(lenient)} invalid byte sequence(s), replaced by U+FFFD`,
      });
      return { text: lenient, charsetRule: declaration.rule, charset: 'utf-8', declared: declaration.label, problems };
    } else {
      // A legacy declaration on bytes that are valid UTF-8 with multi-byte sequences: a mislabelled UTF-8 page.
      const strict = hasMultiByteUtf8(bytes) ? tryUtf8(bytes) : null;
      if (strict !== null) {
        problems.push({
          severity: 'warning',
          code: 'CHARSET_DECLARED_WRONG',
          message: `the page declares charset "${declaration.label}" (${declaration.rule}) but its bytes are valid UTF-8 with multi-byte characters; decoded as UTF-8`,
        });
        return { text: strict, charsetRule: 'utf8-valid', charset: 'utf-8', declared: declaration.label, problems };
      }
      const text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
      return { text, charsetRule: declaration.rule, charset: encoding, declared: declaration.label, problems };
    }
  }
  const strict = tryUtf8(bytes);
  if (strict !== null) return { text: strict, charsetRule: 'utf8-valid', charset: 'utf-8', ...(declaration ? { declared: declaration.label } : {}), problems };
  problems.push({
    severity: 'warning',
    code: 'CHARSET_UNDECLARED',
    message: 'the page declares no charset and is not valid UTF-8; decoded as Windows-1252 (check non-ASCII characters)',
  });
  return { text: decodeWindows1252(bytes), charsetRule: 'windows-1252-fallback', charset: 'windows-1252', ...(declaration ? { declared: declaration.label } : {}), problems };
}

interface Declaration {
  label: string;
  rule: 'meta-charset' | 'http-equiv' | 'xml-declaration';
}

/**
 * The page's own charset declaration: the first `<meta charset>` or `<meta http-equiv=Content-Type
 * content="...; charset=...">` (comments skipped), else an XML declaration's `encoding`.
 */
export function findDeclaredCharset(head: string): Declaration | undefined {
  const withoutComments = head.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const meta of withoutComments.matchAll(/<meta\b([^>]*)>?/gi)) {
    const attributes = parseAttributes(meta[1]!);
    const charset = attributes.get('charset');
    if (charset) return { label: charset, rule: 'meta-charset' };
    const content = attributes.get('content');
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-type' && content) {
      const label = /charset\s*=\s*["']?([^"';\s]+)/i.exec(content)?.[1];
      if (label) return { label, rule: 'http-equiv' };
    }
  }
  const xml = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return { label: xml[1]!, rule: 'xml-declaration' };
  return undefined;
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, (m[2] ?? m[3] ?? m[4] ?? '').trim());
  }
  return attributes;
}

/**
 * WHATWG encoding name for a label, or undefined when Node does not know it. As the HTML standard
 * says, a UTF-16 label in the page itself means UTF-8 (a page read as ASCII cannot be UTF-16), and
 * `x-user-defined` is read as Windows-1252.
 */
function encodingForLabel(label: string): string | undefined {
  const clean = label.trim().toLowerCase();
  if (clean === 'x-user-defined') return 'windows-1252';
  let encoding: string;
  try {
    encoding = new TextDecoder(clean).encoding;
  } catch {
    return undefined;
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 'utf-8';
  // Node names Latin-1, ASCII and their aliases `windows-1252` but decodes 0x80–0x9F as Latin-1; decodeWindows1252 does it right.
  return encoding;
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return null;
  }
}

/** True when the bytes hold at least one well-formed UTF-8 multi-byte sequence. */
function hasMultiByteUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length - 1; i++) {
    const lead = bytes[i]!;
    if (lead < 0xc2 || lead > 0xf4) continue;
    const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    let ok = i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
