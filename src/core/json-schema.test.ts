import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { extract } from '../index.js';
import { packageRoot } from '../pipeline/resources.js';
import { articleJsonSchema } from './json-schema.js';
import { ArticleSchema } from './record.js';
import { readShared } from '../test-support/shared.js';

test('the shipped JSON Schema is the one generated from the record types (run npm run schema after changing them)', () => {
  const shipped = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'article.schema.json'), 'utf8'));
  assert.deepEqual(shipped, articleJsonSchema());
});

test('the record of the sample article validates against the record schema', () => {
  const article = extract(readShared('samples', 'hamas-moscow.txt'), { published: '2020-01-22' });
  const parsed = ArticleSchema.safeParse(JSON.parse(JSON.stringify(article)));
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
  const required = (articleJsonSchema() as { required: string[] }).required;
  for (const key of required) assert.ok(key in article, `record has ${key}`);
});
