/**
 * Writes `schema/article.schema.json`, the JSON Schema of the article record, from the Zod schemas in
 * `src/core/record.ts` (`npm run schema`). A test checks the shipped file matches the schemas.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleJsonSchema } from '../src/core/json-schema.js';
import { packageRoot } from '../src/pipeline/resources.js';

const path = join(packageRoot(), 'schema', 'article.schema.json');
writeFileSync(path, JSON.stringify(articleJsonSchema(), null, 2) + '\n');
process.stderr.write(`wrote ${path}\n`);
