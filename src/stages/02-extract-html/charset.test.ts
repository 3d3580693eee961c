import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeHtmlBytes, findDeclaredCharset } from './charset.js';
import { normaliseDate } from './dates.js';

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? ascii(part) : part)));

describe('decodeHtmlBytes: which rule decides the charset', () => {
  const cases: Array<{ name: string; input: Uint8Array; text: string; rule: string; charset: string; problems?: string[] }> = [
    {
      name: 'a UTF-8 byte order mark wins over a contradicting meta charset',
      input: bytes([0xef, 0xbb, 0xbf], '<meta charset="windows-1252"><p>caf', [0xc3, 0xa9], '</p>'),
      text: '<meta charset="windows-1252"><p>café</p>',
      rule: 'bom-utf8',
      charset: 'utf-8',
    },
    {
      name: 'a UTF-16LE byte order mark',
      input: new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x70, 0x00, 0x3e, 0x00]),
      text: '<p>',
      rule: 'bom-utf16le',
      charset: 'utf-16le',
    },
    {
      name: 'meta charset windows-1251 gives Cyrillic',
      input: bytes('<html><head><meta charset=windows-1251></head><body>', [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2], '</body>'),
      text: '<html><head><meta charset=windows-1251></head><body>Привет</body>',
      rule: 'meta-charset',
      charset: 'windows-1251',
    },
    {
      name: 'http-equiv iso-8859-1 is read as Windows-1252, as browsers do (0x93/0x94 are curly quotes)',
      input: bytes('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>', [0x93], 'Caf', [0xe9], [0x94], '</p>'),
      text: '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>“Café”</p>',
      rule: 'http-equiv',
      charset: 'windows-1252',
    },
    {
      name: 'an XML declaration names Shift_JIS',
      input: bytes('<?xml version="1.0" encoding="Shift_JIS"?><html><body>', [0x93, 0xfa, 0x96, 0x7b], '</body></html>'),
      text: '<?xml version="1.0" encoding="Shift_JIS"?><html><body>日本</body></html>',
      rule: 'xml-declaration',
      charset: 'shift_jis',
    },
    {
      name: 'no declaration and valid UTF-8',
      input: bytes('<p>', [0xe2, 0x80, 0x9c], 'hi', [0xe2, 0x80, 0x9d], '</p>'),
      text: '<p>“hi”</p>',
      rule: 'utf8-valid',
      charset: 'utf-8',
    },
    {
      name: 'no declaration and not UTF-8 falls back to Windows-1252, with a warning',
      input: bytes('<p>', [0x93], 'hi', [0x94, 0x20, 0x80], '5</p>'),
      text: '<p>“hi” €5</p>',
      rule: 'windows-1252-fallback',
      charset: 'windows-1252',
      problems: ['CHARSET_UNDECLARED'],
    },
    {
      name: 'a page declaring UTF-8 whose bytes are Windows-1252 is read as Windows-1252, with a warning',
      input: bytes('<meta charset="utf-8"><p>Caf', [0xe9], '</p>'),
      text: '<meta charset="utf-8"><p>Café</p>',
      rule: 'windows-1252-fallback',
      charset: 'windows-1252',
      problems: ['CHARSET_DECLARED_WRONG'],
    },
    {
      name: 'a page declaring Latin-1 whose bytes are UTF-8 is read as UTF-8, with a warning',
      input: bytes('<meta charset="iso-8859-1"><p>Caf', [0xc3, 0xa9], '</p>'),
      text: '<meta charset="iso-8859-1"><p>Café</p>',
      rule: 'utf8-valid',
      charset: 'utf-8',
      problems: ['CHARSET_DECLARED_WRONG'],
    },
    {
      name: 'an unknown label is reported and the charset detected',
      input: bytes('<meta charset="klingon-8"><p>ok</p>'),
      text: '<meta charset="klingon-8"><p>ok</p>',
      rule: 'utf8-valid',
      charset: 'utf-8',
      problems: ['CHARSET_UNKNOWN_LABEL'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = decodeHtmlBytes(c.input);
      assert.equal(result.text, c.text);
      assert.equal(result.charsetRule, c.rule);
      assert.equal(result.charset, c.charset);
      assert.deepEqual(
        result.problems.map((p) => p.code),
        c.problems ?? [],
      );
    });
  }
});

describe('findDeclaredCharset', () => {
  it('skips a meta charset inside a comment', () => {
    assert.deepEqual(findDeclaredCharset('<!-- <meta charset="koi8-r"> --><meta charset="utf-8">'), { label: 'utf-8', rule: 'meta-charset' });
  });
  it('prefers a meta declaration to the XML declaration', () => {
    assert.deepEqual(findDeclaredCharset('<?xml version="1.0" encoding="iso-8859-2"?><html><head><meta charset="utf-8">'), { label: 'utf-8', rule: 'meta-charset' });
  });
});

describe('normaliseDate: page dates to ISO 8601, the page\'s own day and offset kept', () => {
  const table: Array<[string, string | undefined]> = [
    ['2015-07-10T09:53:00-04:00', '2015-07-10T09:53:00-04:00'],
    ['2021-11-01T10:52:50+0100', '2021-11-01T10:52:50+01:00'],
    ['2017-11-03 03:01:00.000000', '2017-11-03T03:01:00.000000'],
    ['2018-04-05T06:00', '2018-04-05T06:00'],
    ['2019-01-03T07:00:02.000Z', '2019-01-03T07:00:02.000Z'],
    ['2024-06-25', '2024-06-25'],
    ['20150430', '2015-04-30'],
    ['2015/4/3', '2015-04-03'],
    ['Fri, 21 Dec 2018 12:55:00 GMT', '2018-12-21T12:55:00Z'],
    ['December 21, 2018', '2018-12-21'],
    ['05/29/2007 09:49:00', '2007-05-29T09:49:00'],
    ['29.05.2007', '2007-05-29'],
    ['05/08/2014', undefined],
    ['2018-02-30', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ];
  for (const [raw, expected] of table) {
    it(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => assert.equal(normaliseDate(raw), expected));
  }
});
