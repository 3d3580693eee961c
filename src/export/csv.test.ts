import assert from 'node:assert/strict';
import { it } from 'node:test';
import { toCsv } from './csv.js';

it('writes RFC 4180 CSV: quotes fields with commas, quotes or line breaks, doubles quotes, leaves nulls empty', () => {
  const csv = toCsv([
    { id: 'e1', evidence: 'Fidan said, “talks”', note: 'a "loaded" term', count: 2, date: null },
    { id: 'e2', evidence: 'two\nlines', note: '', count: 0, date: '2024-03-06' },
  ]);
  assert.equal(csv, 'id,evidence,note,count,date\r\ne1,"Fidan said, “talks”","a ""loaded"" term",2,\r\ne2,"two\nlines",,0,2024-03-06\r\n');
});
