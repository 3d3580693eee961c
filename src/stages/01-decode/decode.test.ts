import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../core/record.js';
import { createDiagnosticSink } from '../../core/diagnostics.js';
import { decodeInput } from './decode.js';

function decode(input: string | Uint8Array, maxBytes = 1000) {
  const diagnostics: Diagnostic[] = [];
  const result = decodeInput(input, maxBytes, createDiagnosticSink(diagnostics, 'decode'));
  return { ...result, codes: diagnostics.map((d) => d.code) };
}

test('valid UTF-8 bytes decode as UTF-8', () => {
  const result = decode(new TextEncoder().encode('Moscow: “peace” talks'));
  assert.equal(result.text, 'Moscow: “peace” talks');
  assert.equal(result.charsetRule, 'utf8');
  assert.deepEqual(result.codes, []);
});

test('a UTF-8 byte order mark is dropped and named as the deciding rule', () => {
  const result = decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x48, 0x69]));
  assert.equal(result.text, 'Hi');
  assert.equal(result.charsetRule, 'bom-utf8');
});

test('UTF-16 with a byte order mark decodes', () => {
  const result = decode(new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]));
  assert.equal(result.text, 'Hi');
  assert.equal(result.charsetRule, 'bom-utf16le');
});

test('invalid UTF-8 falls back to Windows-1252 with a warning', () => {
  const result = decode(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94]));
  assert.equal(result.text, 'café “q”');
  assert.equal(result.charsetRule, 'windows-1252-fallback');
  assert.deepEqual(result.codes, ['INPUT_INVALID_UTF8']);
});

test('empty and white-space-only input is an error, not an article', () => {
  for (const input of ['', '   \n\t ', new Uint8Array()]) {
    const result = decode(input);
    assert.equal(result.text, null);
    assert.deepEqual(result.codes, ['INPUT_EMPTY']);
  }
});

test('binary data is refused', () => {
  const bytes = new Uint8Array(512).map((_, i) => (i * 37) % 256);
  const result = decode(bytes);
  assert.equal(result.text, null);
  assert.deepEqual(result.codes, ['INPUT_BINARY']);
});

test('input over the size limit is refused before decoding', () => {
  const result = decode('x'.repeat(2000), 1000);
  assert.equal(result.text, null);
  assert.deepEqual(result.codes, ['INPUT_TOO_LARGE']);
});
